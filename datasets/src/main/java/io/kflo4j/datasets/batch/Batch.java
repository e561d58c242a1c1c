package io.kflo4j.datasets.batch;

import io.kflo4j.datasets.core.ImageSet;

/**
 * One batch: images as a flat NHWC float array, ready to feed a {@code [size, 32, 32, 3]} tensor,
 * and their labels. The arrays are fresh for every batch and belong to the consumer.
 */
public final class Batch {
  /** Floats per image: 32 * 32 * 3. */
  public static final int IMAGE_FLOATS = ImageSet.IMAGE_BYTES;

  private final float[] images;
  private final int[] labels;

  Batch(float[] images, int[] labels) {
    this.images = images;
    this.labels = labels;
  }

  /**
   * The images, {@code size() * 32 * 32 * 3} floats; the value of image {@code n}, row {@code h},
   * column {@code w}, channel {@code c} is at {@code ((n * 32 + h) * 32 + w) * 3 + c}.
   */
  public float[] images() {
    return images;
  }

  /** The class of each image. */
  public int[] labels() {
    return labels;
  }

  /** The number of images. */
  public int size() {
    return labels.length;
  }
}
