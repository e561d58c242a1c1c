package io.kflo4j.datasets.image;

import io.kflo4j.common.text.ControlCharacters;
import io.kflo4j.datasets.core.ImageSet;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes an image file (PNG, JPEG, BMP, GIF: what {@link ImageIO} reads) into the models' 32x32
 * RGB input.
 *
 * <ul>
 *   <li><b>Decompression bombs are refused before decoding</b>: the reader reads the header only,
 *       and an image whose header declares more than {@code maxPixels} pixels is refused (a few
 *       kilobytes of PNG can declare gigapixels).
 *   <li><b>Memory stays small for large photos</b>: an axis of 512 pixels or more is decoded
 *       subsampled (every k-th pixel, keeping 256 to 511 of them), before the resize.
 *   <li><b>Resizing</b>: to 32x32 by successive halving and a bilinear step (an area-like average);
 *       the aspect ratio is not kept; transparent pixels become black; EXIF orientation is not
 *       applied.
 * </ul>
 *
 * <p>Thread-safe: each call uses its own reader.
 */
public final class ImageDecoder {
  /** The default pixel limit: 100 megapixels (e.g. 10,000 x 10,000). */
  public static final long MAX_PIXELS_DEFAULT = 100_000_000L;

  /** Axes longer than twice this are decoded subsampled to at least this many pixels. */
  static final int DECODED_SIDE_MIN = 8 * ImageSet.SIDE;

  /** The reason given for a file no image reader recognizes. */
  static final String NOT_AN_IMAGE = "not a PNG, JPEG, BMP or GIF image";

  private ImageDecoder() {}

  /**
   * Reads {@code file} as a 32x32 RGB image.
   *
   * @param maxPixels the largest width x height accepted, {@code >= 1}
   * @throws IOException whose message names the file and the problem: {@code cannot read image F:
   *     no such file} (or {@code it is a directory}, {@code it is not a regular file}), {@code
   *     cannot decode image F: not a PNG, JPEG, BMP or GIF image} (or the decoder's reason), or
   *     {@code cannot read image F: it is W x H pixels, more than the M pixels kflo4j decodes
   *     (refused before decoding)}
   */
  public static DecodedImage read(Path file, long maxPixels) throws IOException {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1, got " + maxPixels);
    }
    if (!Files.exists(file)) {
      throw new IOException("cannot read image " + name(file) + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw new IOException(
          "cannot read image " + name(file) + ": it is a directory, not an image file");
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          "cannot read image "
              + name(file)
              + ": it is not a regular file (a device, pipe or socket)");
    }
    try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
      if (input == null) {
        throw new IOException("cannot read image " + name(file) + ": it cannot be opened");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
      if (!readers.hasNext()) {
        throw undecodable(file, NOT_AN_IMAGE, null);
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(input, true, true);
        return decode(file, reader, maxPixels);
      } finally {
        reader.dispose();
      }
    }
  }

  private static DecodedImage decode(Path file, ImageReader reader, long maxPixels)
      throws IOException {
    int width;
    int height;
    BufferedImage decoded;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw undecodable(file, e.getMessage(), e);
    }
    if (width < 1 || height < 1) {
      throw undecodable(file, "its header says " + width + " x " + height + " pixels", null);
    }
    long pixels = (long) width * height;
    if (pixels > maxPixels) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "cannot read image %s: it is %d x %d pixels, more than the %,d"
                  + " pixels kflo4j decodes (refused before decoding)",
              name(file),
              width,
              height,
              maxPixels));
    }
    ImageReadParam param = reader.getDefaultReadParam();
    int stepX = subsampling(width);
    int stepY = subsampling(height);
    if (stepX > 1 || stepY > 1) {
      param.setSourceSubsampling(stepX, stepY, 0, 0);
    }
    try {
      decoded = reader.read(0, param);
    } catch (IOException | RuntimeException e) {
      throw undecodable(file, e.getMessage(), e);
    }
    return new DecodedImage(file, ImageResizer.toSquareRgb(decoded, ImageSet.SIDE), width, height);
  }

  /**
   * A file's path for a message or a log line, control characters escaped (a newline in a file name
   * would forge a log line).
   */
  private static String name(Path file) {
    return ControlCharacters.escape(file.toString());
  }

  /** Every k-th pixel of an axis of {@code length}, keeping at least {@link #DECODED_SIDE_MIN}. */
  static int subsampling(int length) {
    return Math.max(1, length / DECODED_SIDE_MIN);
  }

  private static IOException undecodable(Path file, String reason, Throwable cause) {
    return new IOException(
        "cannot decode image "
            + name(file)
            + ": "
            + (reason == null ? "unknown error" : ControlCharacters.escape(reason)),
        cause);
  }
}
