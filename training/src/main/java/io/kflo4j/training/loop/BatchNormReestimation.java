package io.kflo4j.training.loop;

import io.kflo4j.common.progress.ProgressReporter;
import io.kflo4j.datasets.batch.Augmentation;
import io.kflo4j.datasets.batch.Batch;
import io.kflo4j.datasets.batch.BatchIterator;
import io.kflo4j.datasets.batch.BatchStream;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.datasets.core.ImageSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Re-estimates a graph's batch-norm moving statistics on target images: training-mode forward
 * passes that only move the moving averages, over up to {@link #BATCHES} batches (no augmentation).
 * With the averages' momentum 0.9 the earlier statistics keep a weight of 0.9^100, about 3e-5.
 */
public final class BatchNormReestimation {
  /** Batches of one re-estimation. */
  public static final int BATCHES = 100;

  private static final Logger LOG = LogManager.getLogger(BatchNormReestimation.class);

  private BatchNormReestimation() {}

  /**
   * Runs the pass over {@code images} in batches of {@code batchSize}, shuffled by {@code seed}.
   */
  public static void run(
      TrainingGraph graph, ImageSet images, int batchSize, long seed, ProgressReporter progress) {
    BatchStream stream =
        BatchStream.builder(images)
            .batchSize(batchSize)
            .seed(seed)
            .shuffle(true)
            .augmentation(Augmentation.none())
            .normalization(Normalization.standard())
            .dropLast(false)
            .prefetch(Trainer.PREFETCH_BATCHES)
            .build();
    int count = Math.min(BATCHES, stream.batchesPerEpoch());
    progress.start("batch-norm statistics", (long) count * batchSize, "img");
    try (BatchIterator pass = stream.openEpoch(1)) {
      for (int i = 0; i < count && pass.hasNext(); i++) {
        Batch batch = pass.next();
        graph.batchNormPass(batch.images(), batch.size());
        progress.step(batch.size());
      }
    } finally {
      progress.finish();
    }
    LOG.info("re-estimated batch-norm statistics on {} batches of the training images", count);
  }
}
