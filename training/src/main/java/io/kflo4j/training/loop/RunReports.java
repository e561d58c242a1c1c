package io.kflo4j.training.loop;

import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.metrics.EpochMetrics;
import io.kflo4j.training.metrics.MetricsChart;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.metrics.TensorBoardEvents;
import io.kflo4j.training.run.RunDirectory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.proto.Summary;

/**
 * The reports a run rewrites after every epoch: {@code metrics.png} and the TensorBoard event file
 * (the epoch's scalars, further scalars such as the step ratios' means, and weight histograms every
 * N epochs; a run does not stop for its histograms) when the epoch ends, and {@code summary.json}
 * once its checkpoint is saved ({@link #summarize}).
 */
final class RunReports implements TrainingListener {
  private static final Logger LOG = LogManager.getLogger(RunReports.class);

  private final TrainConfig config;
  private final RunDirectory run;
  private final Map<String, String> extras;
  private final Supplier<Map<Integer, Map<String, Double>>> extraScalars;

  /**
   * The reports of {@code run}.
   *
   * @param extras facts for the summary (data set, images, ...)
   * @param extraScalars further TensorBoard scalars by epoch, read when an epoch ends
   */
  RunReports(
      TrainConfig config,
      RunDirectory run,
      Map<String, String> extras,
      Supplier<Map<Integer, Map<String, Double>>> extraScalars) {
    this.config = config;
    this.run = run;
    this.extras = new LinkedHashMap<>(extras);
    this.extraScalars = extraScalars;
  }

  @Override
  public void onEpochEnd(EpochEnd end) throws IOException {
    List<EpochMetrics> rows = end.metrics();
    MetricsChart.write(
        rows,
        config.run().runName()
            + ": "
            + config.model().arch()
            + " "
            + config.model().reparam()
            + " on "
            + config.data().dataset(),
        run.metricsChart());
    TensorBoardEvents.write(
        run.tensorBoard(),
        rows,
        System.currentTimeMillis() / 1000.0 - rows.get(rows.size() - 1).totalSeconds(),
        histograms(end.graph(), end.epoch()),
        extraScalars.get());
  }

  /**
   * Writes {@code summary.json} for the epochs in {@code rows}; the trainer calls it after the last
   * of them is checkpointed.
   */
  void summarize(List<EpochMetrics> rows) throws IOException {
    RunSummary.of(config.run().runName(), rows, extras).write(run.summary());
  }

  /** The epoch's weight histograms if it charts them; a run does not stop for them. */
  private Optional<Summary> histograms(TrainingGraph graph, int epoch) {
    if (!config.run().chartsHistograms(epoch, config.schedule().epochs())) {
      return Optional.empty();
    }
    try {
      return Optional.of(graph.weightHistograms());
    } catch (IllegalStateException e) {
      LOG.warn("epoch {}: no weight histograms in the TensorBoard file: {}", epoch, e.getMessage());
      return Optional.empty();
    }
  }
}
