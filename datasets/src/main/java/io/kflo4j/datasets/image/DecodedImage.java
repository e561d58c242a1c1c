package io.kflo4j.datasets.image;

import io.kflo4j.datasets.core.ImageSet;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** An image file decoded and resized to the models' 32x32 RGB input, with the size the file had. */
public final class DecodedImage {
  private static final int SIDE = ImageSet.SIDE;
  private static final int PLANE = ImageSet.PLANE_BYTES;

  private final Path file;
  private final int[] rgb;
  private final int originalWidth;
  private final int originalHeight;

  DecodedImage(Path file, BufferedImage square, int originalWidth, int originalHeight) {
    if (square.getWidth() != SIDE || square.getHeight() != SIDE) {
      throw new IllegalArgumentException(
          "expected a "
              + SIDE
              + "x"
              + SIDE
              + " image, got "
              + square.getWidth()
              + "x"
              + square.getHeight());
    }
    this.file = file;
    this.rgb = square.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE);
    this.originalWidth = originalWidth;
    this.originalHeight = originalHeight;
  }

  /** The file it was read from. */
  public Path file() {
    return file;
  }

  /** The file's width in pixels. */
  public int originalWidth() {
    return originalWidth;
  }

  /** The file's height in pixels. */
  public int originalHeight() {
    return originalHeight;
  }

  /** Whether the file was not 32x32 and so was resized. */
  public boolean resized() {
    return originalWidth != SIDE || originalHeight != SIDE;
  }

  /** The 32x32x3 RGB bytes, row-major, channel last (NHWC, as an exported model takes them). */
  public byte[] interleaved() {
    byte[] bytes = new byte[ImageSet.IMAGE_BYTES];
    for (int p = 0; p < PLANE; p++) {
      bytes[3 * p] = (byte) (rgb[p] >> 16);
      bytes[3 * p + 1] = (byte) (rgb[p] >> 8);
      bytes[3 * p + 2] = (byte) rgb[p];
    }
    return bytes;
  }

  /**
   * Writes the image as {@link ImageSet} holds it (1024 red, 1024 green, 1024 blue bytes, each
   * plane row-major) at {@code target[offset .. offset + 3071]}.
   */
  public void writePlanar(byte[] target, int offset) {
    for (int p = 0; p < PLANE; p++) {
      target[offset + p] = (byte) (rgb[p] >> 16);
      target[offset + PLANE + p] = (byte) (rgb[p] >> 8);
      target[offset + 2 * PLANE + p] = (byte) rgb[p];
    }
  }
}
