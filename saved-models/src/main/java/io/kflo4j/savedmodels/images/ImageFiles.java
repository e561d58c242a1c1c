package io.kflo4j.savedmodels.images;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads image files (PNG, JPEG, BMP, GIF: what {@link ImageIO} decodes) as the 32x32 RGB NHWC bytes an exported
 * model takes. Images of another size are resized to 32x32 (aspect ratio not kept: CIFAR images are square),
 * by successive halving then a bilinear step, which averages like an area filter when shrinking.
 */
public final class ImageFiles {
  /**
   * The most pixels an image may have (4096 x 4096, 64 MiB decoded): larger ones are refused from their header,
   * before decoding, so that a decompression bomb (a small file declaring a huge image) cannot exhaust memory.
   */
  public static final long MAX_PIXELS = 4096L * 4096L;

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
   * @throws IOException naming the file when it is missing, unreadable, cannot be decoded as an image, or has more
   *     than {@link #MAX_PIXELS} pixels
   */
  public static LoadedImage read(Path file) throws IOException {
    return read(file, MAX_PIXELS);
  }

  /** {@link #read(Path)} with another pixel limit. */
  static LoadedImage read(Path file, long maxPixels) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("cannot read image " + file + ": no such file");
    }
    BufferedImage decoded;
    try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = input == null ? null : ImageIO.getImageReaders(input);
      if (readers == null || !readers.hasNext()) {
        throw new IOException("cannot decode image " + file + ": not a PNG, JPEG, BMP or GIF image");
      }
      decoded = decode(file, readers.next(), input, maxPixels);
    }
    BufferedImage rgb = resize(decoded, Pixels.SIDE);
    return new LoadedImage(file, toNhwc(rgb), decoded.getWidth(), decoded.getHeight());
  }

  /**
   * Decodes the first image of {@code input}, after checking from its header that it has at most {@code maxPixels}
   * pixels: a decompression bomb (a small file declaring a huge image) must not exhaust memory.
   */
  private static BufferedImage decode(Path file, ImageReader reader, ImageInputStream input, long maxPixels)
      throws IOException {
    try {
      reader.setInput(input, true, true);
      long width;
      long height;
      try {
        width = reader.getWidth(0);
        height = reader.getHeight(0);
      } catch (IOException | RuntimeException e) {
        throw new IOException("cannot decode image " + file + ": " + e.getMessage(), e);
      }
      if (width * height > maxPixels) {
        throw new IOException(String.format(Locale.ROOT, "cannot read image %s: it is %d x %d pixels, more than "
            + "the %,d pixels kflo4j decodes (refused before decoding)", file, width, height, maxPixels));
      }
      try {
        return reader.read(0);
      } catch (IOException | RuntimeException e) {
        throw new IOException("cannot decode image " + file + ": " + e.getMessage(), e);
      }
    } finally {
      reader.dispose();
    }
  }

  /** The image as a {@code side x side} RGB image (a copy even when the size is already right). */
  static BufferedImage resize(BufferedImage image, int side) {
    BufferedImage current = toRgb(image);
    int w = current.getWidth();
    int h = current.getHeight();
    while (w >= 2 * side || h >= 2 * side) {
      w = Math.max(side, w >= 2 * side ? w / 2 : w);
      h = Math.max(side, h >= 2 * side ? h / 2 : h);
      current = draw(current, w, h);
    }
    return w == side && h == side ? current : draw(current, side, side);
  }

  private static BufferedImage toRgb(BufferedImage image) {
    BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  private static BufferedImage draw(BufferedImage image, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** RGB bytes, row-major, channel last. */
  static byte[] toNhwc(BufferedImage rgb) {
    byte[] bytes = new byte[rgb.getWidth() * rgb.getHeight() * Pixels.CHANNELS];
    int i = 0;
    for (int y = 0; y < rgb.getHeight(); y++) {
      for (int x = 0; x < rgb.getWidth(); x++) {
        int pixel = rgb.getRGB(x, y);
        bytes[i++] = (byte) (pixel >> 16);
        bytes[i++] = (byte) (pixel >> 8);
        bytes[i++] = (byte) pixel;
      }
    }
    return bytes;
  }
}
