package io.kflo4j.savedmodels.images;

import io.kflo4j.datasets.image.DecodedImage;
import io.kflo4j.datasets.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads image files (PNG, JPEG, BMP, GIF: what {@code javax.imageio} decodes) as the 32x32 RGB NHWC
 * bytes an exported model takes, through {@link ImageDecoder}: an image whose header declares more
 * than {@link #MAX_PIXELS} pixels is refused before decoding; other sizes are resized to 32x32
 * (aspect ratio not kept: CIFAR images are square) by successive halving then a bilinear step.
 */
public final class ImageFiles {
  /**
   * The most pixels (width x height) an image may declare: {@link ImageDecoder#MAX_PIXELS_DEFAULT}.
   */
  public static final long MAX_PIXELS = ImageDecoder.MAX_PIXELS_DEFAULT;

  private ImageFiles() {}

  /**
   * A decoded image.
   *
   * @param file the file
   * @param nhwc 32 * 32 * 3 RGB bytes, row-major, channel last
   * @param originalWidth the file's width
   * @param originalHeight the file's height
   */
  public record LoadedImage(Path file, byte[] nhwc, int originalWidth, int originalHeight) {
    /** Whether the image was resized. */
    public boolean resized() {
      return originalWidth != Pixels.SIDE || originalHeight != Pixels.SIDE;
    }
  }

  /**
   * Reads and, if needed, resizes an image file.
   *
   * @throws IOException naming the file when it is missing, unreadable, cannot be decoded as an
   *     image, or has more than {@link #MAX_PIXELS} pixels
   */
  public static LoadedImage read(Path file) throws IOException {
    return read(file, MAX_PIXELS);
  }

  /** {@link #read(Path)} with another pixel limit. */
  static LoadedImage read(Path file, long maxPixels) throws IOException {
    DecodedImage image = ImageDecoder.read(file, maxPixels);
    return new LoadedImage(
        file, image.interleaved(), image.originalWidth(), image.originalHeight());
  }
}
