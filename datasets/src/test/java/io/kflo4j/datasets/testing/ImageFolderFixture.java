package io.kflo4j.datasets.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Small folder data sets of generated images for tests: one sub-folder per class, PNG and JPEG
 * files of several sizes, plus the odd files a real folder holds (a damaged image, a file that is
 * no image).
 */
public final class ImageFolderFixture {
  /**
   * The sizes the generated images cycle through, {width, height}: square, landscape, portrait,
   * tiny, large.
   */
  public static final int[][] SIZES = {{32, 32}, {48, 40}, {23, 57}, {9, 9}, {640, 480}};

  /** The text written into a damaged image file. */
  public static final String DAMAGED_CONTENT = "this is not a PNG";

  private ImageFolderFixture() {}

  /**
   * Writes {@code perClass} images into {@code root/<name>/} for each class name: image i is {@code
   * img-<i>.png} for even i and {@code img-<i>.jpg} for odd i, of size {@code SIZES[i % 5]}, filled
   * with the class's colour plus seeded noise (so the classes differ and the images of a class
   * too).
   *
   * @return {@code root}
   */
  public static Path write(Path root, List<String> classNames, int perClass, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int c = 0; c < classNames.size(); c++) {
      int base = classColour(c);
      for (int i = 0; i < perClass; i++) {
        int[] size = SIZES[i % SIZES.length];
        BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size[1]; y++) {
          for (int x = 0; x < size[0]; x++) {
            image.setRGB(x, y, base ^ random.nextInt(0x40) ^ (random.nextInt(0x40) << 8));
          }
        }
        String format = i % 2 == 0 ? "png" : "jpg";
        writeImage(
            root.resolve(classNames.get(c)).resolve(String.format("img-%03d.%s", i, format)),
            image,
            format);
      }
    }
    return root;
  }

  /**
   * Writes {@code image} to {@code file} in {@code format} ({@code png} or {@code jpg}), creating
   * the folder.
   */
  public static Path writeImage(Path file, BufferedImage image, String format) {
    try {
      Files.createDirectories(file.getParent());
      if (!ImageIO.write(image, format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a file named like an image that holds {@link #DAMAGED_CONTENT}. */
  public static Path writeDamagedImage(Path file) {
    return writeText(file, DAMAGED_CONTENT);
  }

  /** Writes a text file (e.g. {@code notes.txt}), creating the folder. */
  public static Path writeText(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a PNG that is only a header declaring {@code width x height} RGB pixels: a decompression
   * bomb's first bytes, which no decoder can read past.
   */
  public static Path writePngHeaderOnly(Path file, int width, int height) {
    try {
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(header);
      data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      ByteArrayOutputStream chunk = new ByteArrayOutputStream();
      DataOutputStream ihdr = new DataOutputStream(chunk);
      ihdr.writeBytes("IHDR");
      ihdr.writeInt(width);
      ihdr.writeInt(height);
      ihdr.write(new byte[] {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, adaptive filter, no interlace
      CRC32 crc = new CRC32();
      crc.update(chunk.toByteArray());
      data.writeInt(13);
      data.write(chunk.toByteArray());
      data.writeInt((int) crc.getValue());
      Files.createDirectories(file.getParent());
      return Files.write(file, header.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A solid colour per class: red, green, blue, then mixtures. */
  private static int classColour(int c) {
    int[] colours = {0xc02020, 0x20c020, 0x2020c0, 0xc0c020, 0xc020c0, 0x20c0c0};
    return colours[c % colours.length];
  }
}
