package io.kflo4j.savedmodels.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Image files for tests (this class travels in the saved-models test jar). */
public final class TestImages {
  private TestImages() {}

  /** Writes a black {@code width x height} PNG to {@code file} and returns it. */
  public static Path png(Path file, int width, int height) throws IOException {
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    return file;
  }

  /**
   * Writes a decompression bomb to {@code file}: a real 1x1 PNG whose header then claims {@code side x side} pixels
   * (with a valid checksum), a few dozen bytes on disk.
   */
  public static Path pngBomb(Path file, int side) throws IOException {
    byte[] png = Files.readAllBytes(png(file, 1, 1));
    ByteBuffer header = ByteBuffer.wrap(png);
    header.putInt(16, side).putInt(20, side);  // IHDR width and height
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);  // the chunk type and its 13 data bytes
    header.putInt(29, (int) crc.getValue());
    return Files.write(file, png);
  }
}
