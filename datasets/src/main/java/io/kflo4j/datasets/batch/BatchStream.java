package io.kflo4j.datasets.batch;

import com.google.common.base.Preconditions;
import io.kflo4j.datasets.core.ImageSet;

/**
 * Batches of an {@link ImageSet}, epoch after epoch: each epoch visits every image once, in an
 * order shuffled from (seed, epoch), augmented with draws derived from (seed, epoch, position),
 * normalized, as NHWC float batches. So a run resumed at epoch {@code e} sees exactly the batches
 * it would have seen, and the same seed gives the same batches whatever the thread timing.
 * Configured with {@link #builder(ImageSet)}; immutable; {@link #openEpoch} may be called for any
 * epoch, in any order, several times.
 */
public final class BatchStream {
  private final BatchAssembler assembler;
  private final int size;
  private final int batchSize;
  private final boolean dropLast;
  private final int prefetch;

  private BatchStream(Builder builder) {
    this.assembler =
        new BatchAssembler(
            builder.images,
            builder.batchSize,
            builder.seed,
            builder.shuffle,
            builder.augmentation,
            builder.normalization);
    this.size = builder.images.size();
    this.batchSize = builder.batchSize;
    this.dropLast = builder.dropLast;
    this.prefetch = builder.prefetch;
  }

  /**
   * A builder over {@code images}; defaults: batch 128, seed 0, shuffled, no augmentation, standard
   * normalization, last partial batch kept, 4 batches prefetched.
   */
  public static Builder builder(ImageSet images) {
    return new Builder(images);
  }

  /**
   * Evaluation batches of {@code images}: in order, unaugmented, normalized, last partial batch
   * kept.
   *
   * @throws IllegalArgumentException if {@code batchSize < 1} or the set is empty
   */
  public static BatchStream evaluation(
      ImageSet images, int batchSize, Normalization normalization) {
    return builder(images)
        .batchSize(batchSize)
        .shuffle(false)
        .augmentation(Augmentation.none())
        .normalization(normalization)
        .dropLast(false)
        .build();
  }

  /**
   * Batches in every epoch: {@code size / batch}, rounded down if the last partial batch is
   * dropped, else up.
   */
  public int batchesPerEpoch() {
    return dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
  }

  /**
   * Images in every epoch: all of them, or those of the full batches if the last partial batch is
   * dropped.
   */
  public int imagesPerEpoch() {
    return dropLast ? batchesPerEpoch() * batchSize : size;
  }

  /**
   * Starts producing the batches of {@code epoch} (0-based) on a background thread.
   *
   * @throws IllegalArgumentException if {@code epoch < 0}
   */
  public BatchIterator openEpoch(int epoch) {
    Preconditions.checkArgument(epoch >= 0, "epoch must be >= 0, got %s", epoch);
    int[] order = assembler.order(epoch);
    long key = assembler.augmentationKey(epoch);
    return new BatchIterator(
        batchesPerEpoch(),
        batch -> assembler.assemble(order, key, batch),
        prefetch,
        "kflo-batches-epoch-" + epoch);
  }

  /** Configures a {@link BatchStream}. */
  public static final class Builder {
    private final ImageSet images;
    private int batchSize = 128;
    private long seed;
    private boolean shuffle = true;
    private Augmentation augmentation = Augmentation.none();
    private Normalization normalization = Normalization.standard();
    private boolean dropLast;
    private int prefetch = 4;

    private Builder(ImageSet images) {
      this.images = Preconditions.checkNotNull(images, "images");
    }

    /** Images per batch, at least 1. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The seed of the shuffles and augmentation draws. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Whether each epoch visits the images in a seeded random order (else in set order). */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** The augmentation, e.g. {@link Augmentation#standard()} for training. */
    public Builder augmentation(Augmentation augmentation) {
      this.augmentation = Preconditions.checkNotNull(augmentation, "augmentation");
      return this;
    }

    /** The normalization. */
    public Builder normalization(Normalization normalization) {
      this.normalization = Preconditions.checkNotNull(normalization, "normalization");
      return this;
    }

    /** Whether the last, partial batch of an epoch is dropped (else it is kept, smaller). */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /** How many batches the background thread may produce ahead of the consumer, at least 1. */
    public Builder prefetch(int prefetch) {
      this.prefetch = prefetch;
      return this;
    }

    /**
     * The configured stream.
     *
     * @throws IllegalArgumentException if the batch size or prefetch depth is below 1, or an epoch
     *     would have no batch
     */
    public BatchStream build() {
      Preconditions.checkArgument(batchSize >= 1, "batch size must be >= 1, got %s", batchSize);
      Preconditions.checkArgument(prefetch >= 1, "prefetch depth must be >= 1, got %s", prefetch);
      Preconditions.checkArgument(images.size() > 0, "the image set is empty");
      Preconditions.checkArgument(
          !dropLast || images.size() >= batchSize,
          "%s images make no full batch of %s, and the last partial batch is dropped",
          images.size(),
          batchSize);
      return new BatchStream(this);
    }
  }
}
