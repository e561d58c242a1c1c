package io.kflo4j.training.loop;

import io.kflo4j.training.metrics.EpochMetrics;
import java.io.IOException;
import java.util.List;

/**
 * Hooks into a {@link Trainer}'s loop (DJL's {@code TrainingListener} is the model): the reports a
 * run writes, the divergence check and the step dynamics are listeners, and so can be a caller's
 * own (a test that crashes a run at an epoch, a dashboard). Listeners run in the order given; an
 * exception from one stops the run as a crash would, and the last checkpoint is kept.
 */
public interface TrainingListener {
  /** Epoch {@code epoch} (1-based) starts. */
  default void onEpochStart(int epoch) throws IOException {}

  /** A training step finished. */
  default void onStep(StepOutcome step) {}

  /**
   * Epoch {@code end.epoch()} finished, was evaluated and its metrics row logged; its checkpoint is
   * saved after every listener returned.
   */
  default void onEpochEnd(EpochEnd end) throws IOException {}

  /**
   * The checkpoint after epoch {@code epoch}, at iteration {@code iteration}, is saved; saving it
   * took {@code seconds}.
   */
  default void onCheckpoint(int epoch, long iteration, double seconds) throws IOException {}

  /**
   * One finished step.
   *
   * @param epoch its epoch, 1-based
   * @param iteration its iteration in the run, 0-based
   * @param batch its batch in the epoch, 1-based
   * @param batches the batches of an epoch
   * @param rate its learning rate
   * @param result its loss and correct count
   * @param graph the graph that ran it
   */
  record StepOutcome(
      int epoch,
      long iteration,
      int batch,
      int batches,
      double rate,
      TrainingGraph.StepResult result,
      TrainingGraph graph) {}

  /**
   * One finished epoch.
   *
   * @param epoch the epoch, 1-based
   * @param metrics the run's metrics rows so far, this epoch's last
   * @param graph the graph (for weights, histograms)
   */
  record EpochEnd(int epoch, List<EpochMetrics> metrics, TrainingGraph graph) {
    /** This epoch's metrics row. */
    public EpochMetrics row() {
      return metrics.get(metrics.size() - 1);
    }
  }
}
