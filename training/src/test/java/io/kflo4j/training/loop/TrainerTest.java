package io.kflo4j.training.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.training.checkpoint.TrainedModel;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.CrashAtEpoch.SimulatedCrash;
import io.kflo4j.training.metrics.EpochMetrics;
import io.kflo4j.training.metrics.MetricsLog;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.metrics.TensorBoardEvents;
import io.kflo4j.training.run.CheckpointState;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/** The training loop end to end on small synthetic data. */
@Tag("slow")
@Tag("numerics")
class TrainerTest {
  private static final ImageSet TRAIN = ImageSet.random(96, 10, 1);
  private static final ImageSet TEST = ImageSet.random(40, 10, 2);

  @TempDir Path runs;

  private TrainConfig config(String name, int epochs, double learningRate) {
    return TrainConfig.builder()
        .data(d -> d.dataset("cifar10"))
        .model(m -> m.arch("cifar-quick").reparam("kflo:2x4"))
        .schedule(s -> s.epochs(epochs))
        .run(r -> r.seed(17).outDir(runs).runName(name).threads(1).histogramEvery(2))
        .optimizer(o -> o.batchSize(32).learningRate(learningRate).ema(0.9))
        .build();
  }

  private static TrainingData data() {
    return new TrainingData(TRAIN, TEST, "test");
  }

  @Test
  void writesMetricsSummaryChartAndCheckpoint() throws IOException {
    RunSummary summary =
        new Trainer(config("run", 2, 0.05), data(), ProgressReporters.none()).run(false);
    Path run = runs.resolve("run");
    List<EpochMetrics> rows = MetricsLog.read(run.resolve("metrics.csv"));
    assertEquals(2, rows.size());
    assertEquals(2, summary.epochsDone());
    for (EpochMetrics row : rows) {
      assertTrue(
          Double.isFinite(row.trainLoss()) && row.trainLoss() > 0, "train loss " + row.trainLoss());
      assertTrue(row.testTop1() >= 0 && row.testTop1() <= row.testTop5() && row.testTop5() <= 1);
      assertTrue(row.imagesPerSecond() > 0);
    }
    // Cosine from 0.05 to 0 over 6 iterations: the last step (t = 5) runs at 0.05 * 0.5 * (1 +
    // cos(5 pi / 6)).
    assertEquals(0.05 * 0.5 * (1 + Math.cos(5 * Math.PI / 6)), rows.get(1).learningRate(), 1e-9);
    assertEquals(rows.get(1).testTop1(), RunSummary.read(run.resolve("summary.json")).finalTop1());
    BufferedImage chart = ImageIO.read(run.resolve("metrics.png").toFile());
    assertTrue(chart.getWidth() > 100 && chart.getHeight() > 100);
    assertTrue(Files.isRegularFile(run.resolve("checkpoint").resolve("model.index")));
    assertEquals(new CheckpointState(2, 6), CheckpointState.read(run.resolve("checkpoint")));
    assertEquals(config("run", 2, 0.05), TrainConfig.read(run.resolve("config.json")));
    List<String> log = Files.readAllLines(run.resolve("train.log"));
    assertEquals(
        1,
        log.stream().filter(l -> l.contains("Trainer - epoch 2/2: loss ")).count(),
        String.join("\n", log));

    try (TrainedModel trained = TrainedModel.open(run)) {
      assertEquals(TRAIN.classNames(), trained.classNames());
      assertEquals(rows.get(1).testTop1(), trained.finalTestTop1().getAsDouble());
      assertEquals(
          117_290 - 0, trained.deployedValues().values().stream().mapToInt(v -> v.length).sum());
    }
  }

  @Test
  void emaStartsFromTheInitializersWeightsNotTheSeeds() throws IOException {
    // A transfer-like initializer: every W1 becomes 0.01, so every generated kernel W' is 0.01
    // (identity cascade).
    WeightInitializer constantW1 =
        (model, session) -> {
          Map<String, float[]> values = new java.util.HashMap<>();
          model.variables().all().stream()
              .filter(v -> v.name().endsWith("_kflo_w1"))
              .forEach(
                  v -> {
                    float[] w1 = new float[v.size()];
                    java.util.Arrays.fill(w1, 0.01f);
                    values.put(v.name(), w1);
                  });
          model.variables().assign(session, values);
        };
    // One epoch of 3 steps at a negligible rate: the weights stay the initializer's, and so must
    // their EMA.
    new Trainer(config("ema", 1, 1e-9), data(), ProgressReporters.none(), constantW1).run(false);
    try (TrainedModel trained = TrainedModel.open(runs.resolve("ema"))) {
      float[] kernel = trained.deployedValues().get("conv1_kernel");
      for (int i = 0; i < kernel.length; i++) {
        assertEquals(0.01f, kernel[i], 1e-6, "EMA of conv1_kernel[" + i + "]");
      }
    }
  }

  @Test
  void fineTuningRunKeepsFrozenLayersAndResumesAcrossThePhaseBoundaryExactly() throws IOException {
    io.kflo4j.training.config.FineTuning recipe =
        new io.kflo4j.training.config.FineTuning(1, 0.05, 0.5, 1, true);
    TrainConfig straight =
        config("ft-straight", 3, 0.05).toBuilder().schedule(s -> s.fineTuning(recipe)).build();
    TrainConfig resumed =
        config("ft-resumed", 3, 0.05).toBuilder().schedule(s -> s.fineTuning(recipe)).build();
    new Trainer(straight, data(), ProgressReporters.none()).run(false);
    // Killed when epoch 2 (the first to train everything) starts; the resume must restart momentum
    // there too.
    assertThrows(
        SimulatedCrash.class,
        () ->
            new Trainer(resumed, data(), ProgressReporters.none())
                .withListeners(new CrashAtEpoch(2))
                .run(false));
    new Trainer(resumed, data(), ProgressReporters.none()).run(true);
    List<String> log = Files.readAllLines(runs.resolve("ft-straight").resolve("train.log"));
    assertEquals(
        1,
        log.stream()
            .filter(l -> l.contains("re-estimated batch-norm statistics on 3 batches"))
            .count());
    assertEquals(
        1,
        log.stream()
            .filter(
                l ->
                    l.contains(
                        "epoch 2: head phase over, fine-tuning everything"
                            + " (backbone at 0.5 x the rate)"))
            .count(),
        String.join("\n", log));
    try (TrainedModel a = TrainedModel.open(runs.resolve("ft-straight"));
        TrainedModel b = TrainedModel.open(runs.resolve("ft-resumed"));
        TrainingGraph fresh = graph()) {
      fresh.initialize(17);
      Map<String, float[]> initial = fresh.model().deployedValues(fresh.session());
      Map<String, float[]> wa = a.deployedValues();
      Map<String, float[]> wb = b.deployedValues();
      for (String name : wa.keySet()) {
        assertArrayEquals(wa.get(name), wb.get(name), name);
      }
      // conv1 is frozen: its generated kernel stays the seed's (the EMA of a constant is that
      // constant).
      assertArrayEquals(initial.get("conv1_kernel"), wa.get("conv1_kernel"), 1e-6f, "conv1_kernel");
      assertTrue(
          GraphValues.maxAbsDiff(initial.get("conv2_kernel"), wa.get("conv2_kernel")) > 1e-4,
          "conv2 trains");
    }
  }

  @Test
  void interruptedAndResumedRunEndsLikeAnUninterruptedOne() throws IOException {
    new Trainer(config("straight", 3, 0.05), data(), ProgressReporters.none()).run(false);

    assertThrows(
        SimulatedCrash.class,
        () ->
            new Trainer(config("resumed", 3, 0.05), data(), ProgressReporters.none())
                .withListeners(new CrashAtEpoch(3))
                .run(false));
    assertEquals(2, MetricsLog.read(runs.resolve("resumed").resolve("metrics.csv")).size());
    new Trainer(config("resumed", 3, 0.05), data(), ProgressReporters.none()).run(true);

    List<EpochMetrics> straight = MetricsLog.read(runs.resolve("straight").resolve("metrics.csv"));
    List<EpochMetrics> resumed = MetricsLog.read(runs.resolve("resumed").resolve("metrics.csv"));
    assertEquals(3, resumed.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(
          straight.get(i).trainLoss(), resumed.get(i).trainLoss(), "epoch " + (i + 1) + " loss");
      assertEquals(
          straight.get(i).testTop1(),
          resumed.get(i).testTop1(),
          1e-9,
          "epoch " + (i + 1) + " top-1");
      assertEquals(straight.get(i).learningRate(), resumed.get(i).learningRate(), 1e-12);
    }
    try (TrainedModel a = TrainedModel.open(runs.resolve("straight"));
        TrainedModel b = TrainedModel.open(runs.resolve("resumed"))) {
      Map<String, float[]> wa = a.deployedValues();
      Map<String, float[]> wb = b.deployedValues();
      // One intra-op thread makes TensorFlow's reductions reproducible, so the resumed run must
      // match exactly.
      for (String name : wa.keySet()) {
        assertArrayEquals(wa.get(name), wb.get(name), name);
      }
    }
    // Histograms every 2 epochs and after the last: epochs 2 and 3, the same in both runs, though
    // the resumed run charted epoch 2 before its crash and epoch 3 after.
    assertEquals(histograms(runs.resolve("straight")), histograms(runs.resolve("resumed")));
    assertEquals(List.of(2L, 3L), List.copyOf(histograms(runs.resolve("resumed")).keySet()));
  }

  /** The weight histograms of a run's TensorBoard file by epoch (the scalar events left out). */
  private static Map<Long, Summary> histograms(Path run) throws IOException {
    Map<Long, Summary> byEpoch = new java.util.LinkedHashMap<>();
    for (Event event :
        TensorBoardEvents.read(run.resolve("tensorboard").resolve(TensorBoardEvents.FILE_NAME))) {
      if (event.hasSummary() && event.getSummary().getValue(0).hasHisto()) {
        assertEquals(null, byEpoch.put(event.getStep(), event.getSummary()), "epoch twice");
      }
    }
    return byEpoch;
  }

  @Test
  void nanLossStopsNamingTheStepAndKeepsTheLastCheckpoint() throws IOException {
    assertThrows(
        SimulatedCrash.class,
        () ->
            new Trainer(config("diverged", 2, 0.05), data(), ProgressReporters.none())
                .withListeners(new CrashAtEpoch(2))
                .run(false));
    TrainConfig exploding = config("diverged", 2, 1e30);
    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () -> new Trainer(exploding, data(), ProgressReporters.none()).run(true));
    assertTrue(e.step() >= 3, "diverged at step " + e.step());
    assertTrue(
        e.getMessage()
            .matches(
                "loss is (NaN|Infinity|-Infinity) at step \\d+ \\(epoch 2, batch \\d of 3,"
                    + " learning rate [0-9.e+-]+\\); the run stopped and its last good checkpoint"
                    + " \\(epoch 1\\) is kept in .*checkpoint"),
        e.getMessage());
    assertEquals(
        new CheckpointState(1, 3),
        CheckpointState.read(runs.resolve("diverged").resolve("checkpoint")));
    assertTrue(
        Files.readAllLines(runs.resolve("diverged").resolve("train.log")).stream()
            .anyMatch(line -> line.contains(" ERROR ") && line.endsWith(e.getMessage())),
        "the run's log holds the error");
  }

  /** Diverged before the first checkpoint: the message does not promise one. */
  @Test
  void nanLossBeforeTheFirstCheckpointSaysNothingIsKept() {
    TrainConfig exploding = config("diverged-at-once", 2, 1e30);
    TrainingDivergedException e =
        assertThrows(
            TrainingDivergedException.class,
            () -> new Trainer(exploding, data(), ProgressReporters.none()).run(false));
    assertTrue(
        e.getMessage()
            .matches(
                "loss is (NaN|Infinity|-Infinity) at step \\d+ \\(epoch 1, batch \\d of 3,"
                    + " learning rate [0-9.e+-]+\\); the run stopped before its first checkpoint,"
                    + " so there is nothing to resume: train again with a lower learning rate"),
        e.getMessage());
    assertFalse(Files.exists(runs.resolve("diverged-at-once").resolve("checkpoint")));
  }

  @Test
  void sameSeedSameInitialWeights() {
    try (TrainingGraph a = graph();
        TrainingGraph b = graph()) {
      a.initialize(5);
      b.initialize(5);
      Map<String, float[]> wa = a.model().variables().readAll(a.session());
      Map<String, float[]> wb = b.model().variables().readAll(b.session());
      wa.forEach((name, values) -> assertArrayEquals(values, wb.get(name), name));
    }
  }

  private static TrainingGraph graph() {
    return new TrainingGraph(
        io.kflo4j.graph.ModelSpec.of("cifar-quick", 10, "kflo:2x4"),
        io.kflo4j.training.config.OptimizerSettings.reference(),
        1,
        0);
  }

  /** Float array helpers. */
  private static final class GraphValues {
    static float maxAbsDiff(float[] a, float[] b) {
      float max = 0;
      for (int i = 0; i < a.length; i++) {
        max = Math.max(max, Math.abs(a[i] - b[i]));
      }
      return max;
    }
  }
}
