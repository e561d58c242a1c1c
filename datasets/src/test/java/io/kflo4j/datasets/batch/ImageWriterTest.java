package io.kflo4j.datasets.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ImageWriterTest {
  private static final Normalization NORM = Normalization.standard();
  private static final float PAD = -1.0f;

  /**
   * Image 1 of a two-image buffer; channel ch, row r, column c holds (r * 32 + c + 40 * ch) mod
   * 256, never 0.
   */
  private static byte[] pixels() {
    byte[] pixels = new byte[2 * 3072];
    for (int ch = 0; ch < 3; ch++) {
      for (int r = 0; r < 32; r++) {
        for (int c = 0; c < 32; c++) {
          pixels[3072 + ch * 1024 + r * 32 + c] = (byte) source(ch, r, c);
        }
      }
    }
    return pixels;
  }

  private static int source(int ch, int r, int c) {
    int value = (r * 32 + c + 40 * ch) % 256;
    return value == 0 ? 7 : value;
  }

  private static float[] write(int pad, int dy, int dx, boolean flip) {
    float[] out = new float[2 * 3072];
    new ImageWriter(NORM, pad).write(pixels(), 1, out, 3072, dy, dx, flip);
    return out;
  }

  private static float at(float[] out, int r, int c, int ch) {
    return out[3072 + (r * 32 + c) * 3 + ch];
  }

  private static float expected(int ch, int r, int c) {
    return NORM.apply(ch, source(ch, r, c));
  }

  @Test
  void centredCropIsTheImageInNhwc() {
    float[] out = write(4, 4, 4, false);
    for (int r = 0; r < 32; r++) {
      for (int c = 0; c < 32; c++) {
        for (int ch = 0; ch < 3; ch++) {
          assertEquals(expected(ch, r, c), at(out, r, c, ch));
        }
      }
    }
    assertEquals(0.0f, out[0], "nothing written before the offset");
  }

  @Test
  void topLeftCropShowsTheZeroBorder() {
    float[] out = write(4, 0, 0, false);
    for (int r = 0; r < 32; r++) {
      for (int c = 0; c < 32; c++) {
        for (int ch = 0; ch < 3; ch++) {
          float want = r < 4 || c < 4 ? PAD : expected(ch, r - 4, c - 4);
          assertEquals(want, at(out, r, c, ch), "r" + r + " c" + c + " ch" + ch);
        }
      }
    }
  }

  @Test
  void bottomRightCropShowsTheZeroBorder() {
    float[] out = write(4, 8, 8, false);
    assertEquals(expected(0, 4, 4), at(out, 0, 0, 0));
    assertEquals(expected(2, 31, 31), at(out, 27, 27, 2));
    assertEquals(PAD, at(out, 28, 0, 1));
    assertEquals(PAD, at(out, 0, 28, 1));
    assertEquals(PAD, at(out, 31, 31, 2));
  }

  @Test
  void flipReversesColumns() {
    float[] out = write(4, 4, 4, true);
    for (int r = 0; r < 32; r++) {
      for (int c = 0; c < 32; c++) {
        for (int ch = 0; ch < 3; ch++) {
          assertEquals(expected(ch, r, 31 - c), at(out, r, c, ch));
        }
      }
    }
  }

  @Test
  void flipAppliesToTheCroppedWindow() {
    float[] out = write(4, 4, 0, true);
    for (int c = 0; c < 32; c++) {
      assertEquals(c >= 28 ? PAD : expected(1, 9, 27 - c), at(out, 9, c, 1), "c" + c);
    }
  }
}
