package io.kflo4j.datasets.batch;

import io.kflo4j.datasets.core.ImageSet;
import java.util.SplittableRandom;

/**
 * Builds the batches of an epoch from an image set: the epoch's image order and, for every position
 * in it, the augmentation draws, all derived from (seed, epoch, position) and nothing else.
 */
final class BatchAssembler {
  private static final long ORDER_STREAM = 1;
  private static final long AUGMENT_STREAM = 2;

  private final byte[] pixels;
  private final int[] labels;
  private final int batchSize;
  private final long seed;
  private final boolean shuffle;
  private final Augmentation augmentation;
  private final ImageWriter writer;

  BatchAssembler(
      ImageSet images,
      int batchSize,
      long seed,
      boolean shuffle,
      Augmentation augmentation,
      Normalization normalization) {
    this.pixels = images.pixels();
    this.labels = images.labels();
    this.batchSize = batchSize;
    this.seed = seed;
    this.shuffle = shuffle;
    this.augmentation = augmentation;
    this.writer = new ImageWriter(normalization, augmentation.pad());
  }

  /**
   * The image indices in the order of {@code epoch}: a seeded Fisher-Yates shuffle, or the
   * identity.
   */
  int[] order(int epoch) {
    int[] order = new int[labels.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (shuffle) {
      SplittableRandom random =
          new SplittableRandom(Seeds.derive(Seeds.derive(seed, ORDER_STREAM), epoch));
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
      }
    }
    return order;
  }

  /** The key from which the augmentation draws of {@code epoch} derive. */
  long augmentationKey(int epoch) {
    return Seeds.derive(Seeds.derive(seed, AUGMENT_STREAM), epoch);
  }

  /**
   * Batch {@code batch} of an epoch with image order {@code order} and augmentation key {@code
   * key}.
   */
  Batch assemble(int[] order, long key, int batch) {
    int from = batch * batchSize;
    int size = Math.min(batchSize, order.length - from);
    float[] images = new float[size * Batch.IMAGE_FLOATS];
    int[] batchLabels = new int[size];
    int pad = augmentation.pad();
    for (int j = 0; j < size; j++) {
      int position = from + j;
      int image = order[position];
      batchLabels[j] = labels[image];
      if (augmentation.isNone()) {
        writer.write(pixels, image, images, j * Batch.IMAGE_FLOATS, 0, 0, false);
      } else {
        SplittableRandom random = new SplittableRandom(Seeds.derive(key, position));
        int dy = random.nextInt(2 * pad + 1);
        int dx = random.nextInt(2 * pad + 1);
        boolean flip = augmentation.flip() && random.nextBoolean();
        writer.write(pixels, image, images, j * Batch.IMAGE_FLOATS, dy, dx, flip);
      }
    }
    return new Batch(images, batchLabels);
  }
}
