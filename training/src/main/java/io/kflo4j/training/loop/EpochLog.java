package io.kflo4j.training.loop;

import io.kflo4j.training.metrics.EpochMetrics;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Logs one line per finished epoch once its checkpoint is saved: metrics, speed and times. */
final class EpochLog implements TrainingListener {
  private static final Logger LOG = LogManager.getLogger(Trainer.class);

  private final int epochs;
  private final String evaluationName;
  private EpochMetrics row;

  /** The log of a run of {@code epochs} epochs evaluated on {@code evaluationName} images. */
  EpochLog(int epochs, String evaluationName) {
    this.epochs = epochs;
    this.evaluationName = evaluationName;
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    row = end.row();
  }

  @Override
  public void onCheckpoint(int epoch, long iteration, double seconds) {
    LOG.info(
        String.format(
            "epoch %d/%d: loss %.4f, train acc %.4f, %s top-1 %.4f top-5 %.4f, lr %.5f, "
                + "%.0f img/s, %.1f s (steps %.1f s, checkpoint %.2f s)",
            epoch,
            epochs,
            row.trainLoss(),
            row.trainAccuracy(),
            evaluationName,
            row.testTop1(),
            row.testTop5(),
            row.learningRate(),
            row.imagesPerSecond(),
            row.epochSeconds(),
            row.stepSeconds(),
            seconds));
  }
}
