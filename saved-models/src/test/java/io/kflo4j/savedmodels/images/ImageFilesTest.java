package io.kflo4j.savedmodels.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.testing.ImageFolderFixture;
import io.kflo4j.savedmodels.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  @TempDir Path tmp;

  @Test
  void readsNhwcBytesAndTheFilesSize() throws IOException {
    BufferedImage image = new BufferedImage(48, 40, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 48; x++) {
        image.setRGB(x, y, 0x0a14ff);
      }
    }
    Path file = tmp.resolve("b.png");
    ImageIO.write(image, "png", file.toFile());
    ImageFiles.LoadedImage loaded = ImageFiles.read(file);
    assertTrue(loaded.resized());
    assertEquals(48, loaded.originalWidth());
    assertEquals(40, loaded.originalHeight());
    byte[] nhwc = loaded.nhwc();
    assertEquals(3072, nhwc.length);
    int offset = (5 * 32 + 7) * 3; // y = 5, x = 7
    assertArrayEquals(
        new byte[] {10, 20, (byte) 255},
        new byte[] {nhwc[offset], nhwc[offset + 1], nhwc[offset + 2]});
    Path square = tmp.resolve("a.png");
    ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", square.toFile());
    assertFalse(ImageFiles.read(square).resized());
    assertEquals(48, ImageFiles.read(file, 48 * 40).originalWidth());
    assertThrows(IOException.class, () -> ImageFiles.read(file, 48 * 40 - 1));
  }

  @Test
  void namesAFileThatIsNotAnImageOrIsTooLarge() throws IOException {
    Path file = Files.writeString(tmp.resolve("notes.png"), "hello");
    IOException e = assertThrows(IOException.class, () -> ImageFiles.read(file));
    assertEquals(
        "cannot decode image " + file + ": not a PNG, JPEG, BMP or GIF image", e.getMessage());
    Path large = tmp.resolve("large.png");
    ImageIO.write(
        new BufferedImage(10_001, 10_000, BufferedImage.TYPE_BYTE_BINARY), "png", large.toFile());
    assertEquals(
        "cannot read image "
            + large
            + ": it is 10001 x 10000 pixels, more than the 100,000,000 pixels kflo4j "
            + "decodes (refused before decoding)",
        assertThrows(IOException.class, () -> ImageFiles.read(large)).getMessage());
    assertEquals(100_000_000L, ImageFiles.MAX_PIXELS);
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeader() throws IOException {
    Path file = ImageFolderFixture.writePngHeaderOnly(tmp.resolve("bomb.png"), 30_000, 30_000);
    IOException e = assertThrows(IOException.class, () -> ImageFiles.read(file));
    assertEquals(
        "cannot read image "
            + file
            + ": it is 30000 x 30000 pixels, more than the 100,000,000 pixels "
            + "kflo4j decodes (refused before decoding)",
        e.getMessage());
    Path small = TestImages.png(tmp.resolve("small.png"), 40, 30);
    assertEquals(40, ImageFiles.read(small, 1200).originalWidth());
    assertThrows(IOException.class, () -> ImageFiles.read(small, 1199));
  }

  @Test
  void convertsPlanarToNhwcAndNormalizesLikeTheTrainer() {
    byte[] planar = new byte[2 * 3072];
    planar[3072 + 5] = 10; // image 1, red, pixel 5
    planar[3072 + 1024 + 5] = 20; // green
    planar[3072 + 2048 + 5] = (byte) 255; // blue
    byte[] nhwc = Pixels.planarToNhwc(planar, 1, 1);
    assertArrayEquals(new byte[] {10, 20, (byte) 255}, new byte[] {nhwc[15], nhwc[16], nhwc[17]});
    float[] normalized =
        Pixels.normalize(
            new byte[] {0, (byte) 255, (byte) 51},
            io.kflo4j.datasets.batch.Normalization.standard());
    assertArrayEquals(new float[] {-1f, 1f, -0.6f}, normalized, 1e-6f);
  }
}
