package io.kflo4j.training.loop;

import io.kflo4j.common.metrics.TopKAccuracy;
import io.kflo4j.datasets.batch.Batch;
import io.kflo4j.datasets.batch.BatchIterator;
import io.kflo4j.datasets.batch.BatchStream;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.datasets.core.ImageSet;

/**
 * Top-1 and top-5 accuracy of a training graph's inference path over an image set, in fixed order.
 */
final class Evaluator {
  /** Images per inference run. */
  static final int BATCH_SIZE = 500;

  private final TrainingGraph graph;
  private final BatchStream batches;
  private final int classes;

  Evaluator(TrainingGraph graph, ImageSet images) {
    this.graph = graph;
    this.batches = BatchStream.evaluation(images, BATCH_SIZE, Normalization.standard());
    this.classes = images.numClasses();
  }

  Result evaluate() {
    TopKAccuracy accuracy = new TopKAccuracy(classes);
    try (BatchIterator epoch = batches.openEpoch(0)) {
      while (epoch.hasNext()) {
        Batch batch = epoch.next();
        accuracy.update(graph.logits(batch.images(), batch.size()), batch.labels());
      }
    }
    return new Result(accuracy.top1(), accuracy.top5());
  }

  record Result(double top1, double top5) {}
}
