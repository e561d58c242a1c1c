package io.kflo4j.datasets.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.datasets.core.DatasetException;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpriteDecoderTest {
  @TempDir Path dir;

  /**
   * The synthetic sample of image {@code i}, pixel {@code p}, band {@code ch}: every channel
   * differs.
   */
  static int sample(int i, int p, int ch) {
    return (i * 37 + p * (ch + 1) + ch * 80) & 0xff;
  }

  /**
   * A sprite of {@code images} rows of 1024 RGB pixels holding {@link #sample}, written as PNG and
   * read back.
   */
  static BufferedImage sprite(Path png, int images, int firstImage) throws IOException {
    BufferedImage sprite = new BufferedImage(1024, images, BufferedImage.TYPE_3BYTE_BGR);
    WritableRaster raster = sprite.getRaster();
    for (int i = 0; i < images; i++) {
      for (int p = 0; p < 1024; p++) {
        for (int ch = 0; ch < 3; ch++) {
          raster.setSample(p, i, ch, sample(firstImage + i, p, ch));
        }
      }
    }
    ImageIO.write(sprite, "png", png.toFile());
    return sprite;
  }

  /**
   * The official record bytes of images {@code firstImage ..} with {@code labels}, built from the
   * layout rule.
   */
  static byte[] expectedRecords(int images, int firstImage, int[] labels, int labelOffset) {
    byte[] expected = new byte[images * 3073];
    for (int i = 0; i < images; i++) {
      expected[i * 3073] = (byte) labels[labelOffset + i];
      for (int ch = 0; ch < 3; ch++) {
        for (int r = 0; r < 32; r++) {
          for (int c = 0; c < 32; c++) {
            expected[i * 3073 + 1 + ch * 1024 + r * 32 + c] =
                (byte) sample(firstImage + i, 32 * r + c, ch);
          }
        }
      }
    }
    return expected;
  }

  @Test
  void convertsAFourImageSpriteToTheOfficialLayout() throws IOException {
    Path png = dir.resolve("sprite.png");
    sprite(png, 4, 0);
    BufferedImage decoded = ImageIO.read(png.toFile());
    int[] labels = {9, 3, 1, 4, 1, 5};

    byte[] records = SpriteDecoder.toRecords("sprite.png", decoded, labels, 2);

    assertArrayEquals(expectedRecords(4, 0, labels, 2), records);
    assertEquals(1, records[0]);
    assertEquals((byte) sample(2, 32 * 5 + 7, 2), records[2 * 3073 + 1 + 2 * 1024 + 5 * 32 + 7]);
  }

  @Test
  void refusesTheWrongWidth() throws IOException {
    File png = dir.resolve("narrow.png").toFile();
    ImageIO.write(new BufferedImage(1000, 2, BufferedImage.TYPE_3BYTE_BGR), "png", png);
    assertEquals(
        "narrow.png: 1000 pixels wide, expected 1024",
        assertThrows(
                DatasetException.class,
                () -> SpriteDecoder.toRecords("narrow.png", ImageIO.read(png), new int[2], 0))
            .getMessage());
  }

  @Test
  void refusesAGreyImage() throws IOException {
    File png = dir.resolve("grey.png").toFile();
    ImageIO.write(new BufferedImage(1024, 2, BufferedImage.TYPE_BYTE_GRAY), "png", png);
    assertEquals(
        "grey.png: not an 8-bit RGB image",
        assertThrows(
                DatasetException.class,
                () -> SpriteDecoder.toRecords("grey.png", ImageIO.read(png), new int[2], 0))
            .getMessage());
  }
}
