package io.kflo4j.datasets.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.testing.ImageFolderFixture;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {
  @TempDir Path tmp;

  @Test
  void readsA32x32PngExactlyInBothLayouts() throws IOException {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        image.setRGB(x, y, (x * 8) << 16 | (y * 8) << 8 | (x + y));
      }
    }
    Path file = ImageFolderFixture.writeImage(tmp.resolve("a.png"), image, "png");
    DecodedImage decoded = ImageDecoder.read(file, ImageDecoder.MAX_PIXELS_DEFAULT);
    assertFalse(decoded.resized());
    assertEquals(file, decoded.file());
    int pixel = 5 * 32 + 7; // y = 5, x = 7
    byte[] interleaved = decoded.interleaved();
    assertArrayEquals(
        new byte[] {56, 40, 12},
        new byte[] {
          interleaved[3 * pixel], interleaved[3 * pixel + 1], interleaved[3 * pixel + 2]
        });
    byte[] planar = new byte[3072 + 10];
    decoded.writePlanar(planar, 10);
    assertArrayEquals(
        new byte[] {56, 40, 12},
        new byte[] {planar[10 + pixel], planar[10 + 1024 + pixel], planar[10 + 2048 + pixel]});
  }

  @Test
  void resizesALargeImageDecodedSubsampled() throws IOException {
    BufferedImage image = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 1200; y++) {
      for (int x = 0; x < 1600; x++) {
        image.setRGB(x, y, x < 800 ? 0xff0000 : 0x0000ff);
      }
    }
    Path file = ImageFolderFixture.writeImage(tmp.resolve("large.png"), image, "png");
    DecodedImage decoded = ImageDecoder.read(file, ImageDecoder.MAX_PIXELS_DEFAULT);
    assertTrue(decoded.resized());
    assertEquals(1600, decoded.originalWidth());
    assertEquals(1200, decoded.originalHeight());
    byte[] rgb = decoded.interleaved();
    assertArrayEquals(
        new byte[] {(byte) 255, 0, 0},
        new byte[] {rgb[(10 * 32 + 2) * 3], rgb[(10 * 32 + 2) * 3 + 1], rgb[(10 * 32 + 2) * 3 + 2]},
        "left half red");
    assertArrayEquals(
        new byte[] {0, 0, (byte) 255},
        new byte[] {
          rgb[(10 * 32 + 30) * 3], rgb[(10 * 32 + 30) * 3 + 1], rgb[(10 * 32 + 30) * 3 + 2]
        },
        "right half blue");
  }

  @Test
  void subsamplesOnlyAxesOf512PixelsOrMore() {
    assertEquals(1, ImageDecoder.subsampling(32));
    assertEquals(1, ImageDecoder.subsampling(511));
    assertEquals(2, ImageDecoder.subsampling(512));
    assertEquals(15, ImageDecoder.subsampling(4032));
  }

  @Test
  void readsAJpegOfAnotherSizeCloseToItsColour() throws IOException {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 40; x++) {
        image.setRGB(x, y, 200 << 16 | 100 << 8 | 50);
      }
    }
    Path file = ImageFolderFixture.writeImage(tmp.resolve("photo.jpg"), image, "jpg");
    byte[] rgb = ImageDecoder.read(file, ImageDecoder.MAX_PIXELS_DEFAULT).interleaved();
    for (int p = 0; p < 1024; p++) {
      assertEquals(200, rgb[3 * p] & 0xff, 4, "red of pixel " + p);
      assertEquals(100, rgb[3 * p + 1] & 0xff, 4, "green of pixel " + p);
      assertEquals(50, rgb[3 * p + 2] & 0xff, 4, "blue of pixel " + p);
    }
  }

  @Test
  void refusesADecompressionBombFromItsHeaderBeforeDecoding() throws IOException {
    Path bomb = ImageFolderFixture.writePngHeaderOnly(tmp.resolve("bomb.png"), 100_000, 100_000);
    assertTrue(Files.size(bomb) < 100, "a header, not an image");
    assertEquals(
        "cannot read image "
            + bomb
            + ": it is 100000 x 100000 pixels, more than the 100,000,000 pixels "
            + "kflo4j decodes (refused before decoding)",
        assertThrows(
                IOException.class, () -> ImageDecoder.read(bomb, ImageDecoder.MAX_PIXELS_DEFAULT))
            .getMessage());

    Path small =
        ImageFolderFixture.writeImage(
            tmp.resolve("small.png"), new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB), "png");
    assertEquals(
        "cannot read image "
            + small
            + ": it is 40 x 40 pixels, more than the 1,000 pixels kflo4j decodes "
            + "(refused before decoding)",
        assertThrows(IOException.class, () -> ImageDecoder.read(small, 1000)).getMessage());
    assertEquals(40, ImageDecoder.read(small, 1600).originalWidth());
  }

  @Test
  void namesFilesThatAreNotImages() throws IOException {
    Path text = ImageFolderFixture.writeDamagedImage(tmp.resolve("notes.png"));
    assertEquals(
        "cannot decode image " + text + ": not a PNG, JPEG, BMP or GIF image",
        assertThrows(IOException.class, () -> ImageDecoder.read(text, 1000)).getMessage());
    Path missing = tmp.resolve("missing.jpg");
    assertEquals(
        "cannot read image " + missing + ": no such file",
        assertThrows(IOException.class, () -> ImageDecoder.read(missing, 1000)).getMessage());
    Path headerOnly = ImageFolderFixture.writePngHeaderOnly(tmp.resolve("truncated.png"), 8, 8);
    String truncated =
        assertThrows(IOException.class, () -> ImageDecoder.read(headerOnly, 1000)).getMessage();
    assertTrue(truncated.startsWith("cannot decode image " + headerOnly + ": "), truncated);
  }
}
