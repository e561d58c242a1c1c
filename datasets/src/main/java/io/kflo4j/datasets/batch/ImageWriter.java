package io.kflo4j.datasets.batch;

import io.kflo4j.datasets.core.ImageSet;

/**
 * Writes one CHW byte image as normalized NHWC floats, cropped from its zero-padded version and
 * optionally flipped, through per-channel lookup tables (no per-pixel arithmetic or allocation).
 */
final class ImageWriter {
  private static final int SIDE = ImageSet.SIDE;
  private static final int PLANE = ImageSet.PLANE_BYTES;

  private final float[] red;
  private final float[] green;
  private final float[] blue;
  private final int pad;

  ImageWriter(Normalization normalization, int pad) {
    this.red = normalization.lookupTable(0);
    this.green = normalization.lookupTable(1);
    this.blue = normalization.lookupTable(2);
    this.pad = pad;
  }

  /**
   * Writes image {@code image} of {@code pixels} at {@code out[offset ..]}: output pixel (r, c) is
   * pixel {@code (r + dy - pad, c' + dx - pad)} of the source, or padding (value 0) outside it,
   * where {@code c' = 31 - c} if {@code flip} else {@code c}.
   *
   * @param dy crop offset in rows, {@code 0 .. 2 pad}
   * @param dx crop offset in columns, {@code 0 .. 2 pad}
   */
  void write(byte[] pixels, int image, float[] out, int offset, int dy, int dx, boolean flip) {
    int base = image * ImageSet.IMAGE_BYTES;
    int o = offset;
    for (int r = 0; r < SIDE; r++) {
      int sy = r + dy - pad;
      if (sy < 0 || sy >= SIDE) {
        o = writePadding(out, o, SIDE);
        continue;
      }
      int row = base + sy * SIDE;
      for (int c = 0; c < SIDE; c++) {
        int sx = (flip ? SIDE - 1 - c : c) + dx - pad;
        if (sx < 0 || sx >= SIDE) {
          o = writePadding(out, o, 1);
        } else {
          int p = row + sx;
          out[o] = red[pixels[p] & 0xff];
          out[o + 1] = green[pixels[p + PLANE] & 0xff];
          out[o + 2] = blue[pixels[p + 2 * PLANE] & 0xff];
          o += 3;
        }
      }
    }
  }

  private int writePadding(float[] out, int offset, int count) {
    int o = offset;
    for (int i = 0; i < count; i++) {
      out[o] = red[0];
      out[o + 1] = green[0];
      out[o + 2] = blue[0];
      o += 3;
    }
    return o;
  }
}
