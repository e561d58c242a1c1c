package io.kflo4j.savedmodels.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.savedmodels.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  @TempDir
  Path tmp;

  @Test
  void readsA32x32PngExactlyAsNhwcBytes() throws IOException {
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        image.setRGB(x, y, (x * 8) << 16 | (y * 8) << 8 | (x + y));
      }
    }
    Path file = tmp.resolve("a.png");
    ImageIO.write(image, "png", file.toFile());
    ImageFiles.LoadedImage loaded = ImageFiles.read(file);
    assertFalse(loaded.resized());
    byte[] nhwc = loaded.nhwc();
    assertEquals(3072, nhwc.length);
    int offset = (5 * 32 + 7) * 3; // y = 5, x = 7
    assertArrayEquals(new byte[] {56, 40, 12}, new byte[] {nhwc[offset], nhwc[offset + 1], nhwc[offset + 2]});
  }

  @Test
  void resizesOtherSizesToAnAverage() throws IOException {
    BufferedImage image = new BufferedImage(128, 64, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 128; x++) {
        image.setRGB(x, y, x < 64 ? 0xff0000 : 0x0000ff);
      }
    }
    Path file = tmp.resolve("b.jpg");
    ImageIO.write(image, "png", file.toFile());
    ImageFiles.LoadedImage loaded = ImageFiles.read(file);
    assertTrue(loaded.resized());
    assertEquals(128, loaded.originalWidth());
    assertEquals(64, loaded.originalHeight());
    byte[] nhwc = loaded.nhwc();
    assertEquals(255, nhwc[(10 * 32 + 2) * 3] & 0xff); // left half red
    assertEquals(255, nhwc[(10 * 32 + 30) * 3 + 2] & 0xff); // right half blue
  }

  @Test
  void namesAFileThatIsNotAnImage() throws IOException {
    Path file = Files.writeString(tmp.resolve("notes.png"), "hello");
    IOException e = assertThrows(IOException.class, () -> ImageFiles.read(file));
    assertEquals("cannot decode image " + file + ": not a PNG, JPEG, BMP or GIF image", e.getMessage());
    Path missing = tmp.resolve("missing.jpg");
    assertEquals("cannot read image " + missing + ": no such file",
        assertThrows(IOException.class, () -> ImageFiles.read(missing)).getMessage());
  }

  @Test
  void aDecompressionBombIsRefusedFromItsHeader() throws IOException {
    Path file = TestImages.pngBomb(tmp.resolve("bomb.png"), 30_000);
    IOException e = assertThrows(IOException.class, () -> ImageFiles.read(file));
    assertEquals("cannot read image " + file + ": it is 30000 x 30000 pixels, more than the 16,777,216 pixels "
        + "kflo4j decodes (refused before decoding)", e.getMessage());
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
    float[] normalized = Pixels.normalize(new byte[] {0, (byte) 255, (byte) 51},
        io.kflo4j.datasets.batch.Normalization.standard());
    assertArrayEquals(new float[] {-1f, 1f, -0.6f}, normalized, 1e-6f);
  }
}
