package io.kflo4j.savedmodels.images;

import io.kflo4j.datasets.batch.Normalization;

/**
 * Conversions between the data sets' planar CHW image bytes and the exported model's interleaved
 * NHWC bytes, and normalization of NHWC bytes the way the trainer normalizes its batches.
 */
public final class Pixels {
  /** Height and width of an image. */
  public static final int SIDE = 32;

  /** Pixels of one channel plane. */
  public static final int PLANE = SIDE * SIDE;

  /** Colour channels. */
  public static final int CHANNELS = 3;

  /** Bytes of one image. */
  public static final int IMAGE_BYTES = CHANNELS * PLANE;

  private Pixels() {}

  /**
   * Images {@code first .. first + count - 1} of CHW planar bytes (1024 R, 1024 G, 1024 B per
   * image, as in {@code ImageSet.pixels()}) as NHWC interleaved bytes (R, G, B per pixel,
   * row-major).
   */
  public static byte[] planarToNhwc(byte[] planar, int first, int count) {
    if (first < 0 || count < 0 || (long) (first + count) * IMAGE_BYTES > planar.length) {
      throw new IndexOutOfBoundsException(
          "images " + first + ".." + (first + count - 1) + " of " + planar.length / IMAGE_BYTES);
    }
    byte[] nhwc = new byte[count * IMAGE_BYTES];
    for (int n = 0; n < count; n++) {
      int in = (first + n) * IMAGE_BYTES;
      int out = n * IMAGE_BYTES;
      for (int p = 0; p < PLANE; p++) {
        nhwc[out + CHANNELS * p] = planar[in + p];
        nhwc[out + CHANNELS * p + 1] = planar[in + PLANE + p];
        nhwc[out + CHANNELS * p + 2] = planar[in + 2 * PLANE + p];
      }
    }
    return nhwc;
  }

  /**
   * Normalized floats of interleaved RGB bytes, with the same values the trainer feeds for those
   * bytes.
   */
  public static float[] normalize(byte[] nhwc, Normalization normalization) {
    if (nhwc.length % CHANNELS != 0) {
      throw new IllegalArgumentException(
          "interleaved RGB needs a multiple of 3 bytes, got " + nhwc.length);
    }
    float[][] tables = new float[CHANNELS][];
    for (int c = 0; c < CHANNELS; c++) {
      tables[c] = normalization.lookupTable(c);
    }
    float[] out = new float[nhwc.length];
    for (int i = 0; i < nhwc.length; i++) {
      out[i] = tables[i % CHANNELS][nhwc[i] & 0xff];
    }
    return out;
  }

  /**
   * Checks that {@code pixelsNhwc} holds exactly {@code count} images.
   *
   * @throws IllegalArgumentException naming the bytes needed and given
   */
  public static void checkBatch(byte[] pixelsNhwc, int count) {
    if (count < 0 || pixelsNhwc.length != (long) count * IMAGE_BYTES) {
      throw new IllegalArgumentException(
          count
              + " images need "
              + (long) count * IMAGE_BYTES
              + " bytes, got "
              + pixelsNhwc.length);
    }
  }
}
