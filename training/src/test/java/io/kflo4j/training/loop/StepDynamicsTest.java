package io.kflo4j.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.metrics.LayerStepRatio;
import io.kflo4j.training.metrics.StepDynamics;
import io.kflo4j.training.metrics.StepRatioLog;
import io.kflo4j.training.metrics.TensorBoardEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;

/**
 * A run's step dynamics: {@code dynamics.json} on its first step (and on the first step training
 * the backbone), the cascade factors it chooses and keeps across a resume, {@code step-ratios.csv}
 * every N steps and their epoch means in TensorBoard.
 */
@Tag("slow")
class StepDynamicsTest {
  private static final ImageSet TRAIN = ImageSet.random(96, 10, 1);
  private static final ImageSet TEST = ImageSet.random(40, 10, 2);
  private static final List<String> LAYERS = List.of("conv1", "conv2", "conv3", "fc1", "fc2");

  @TempDir Path runs;

  private TrainConfig config(String name, String reparam, String cascade, int every) {
    return TrainConfig.builder()
        .data(d -> d.dataset("cifar10"))
        .model(m -> m.arch("cifar-quick").reparam(reparam))
        .schedule(s -> s.epochs(2))
        .run(r -> r.seed(3).outDir(runs).runName(name).threads(1).stepRatioEvery(every))
        .optimizer(o -> o.batchSize(32).learningRate(0.05).cascadeRate(cascade))
        .build();
  }

  private static TrainingData data() {
    return new TrainingData(TRAIN, TEST, "test");
  }

  @Test
  void autoFactorsAreBetaOverTheCascadeRatioAndSurviveAResume() throws IOException {
    TrainConfig straight = config("straight", "kflo:2x4", "auto:0.5", 2);
    new Trainer(straight, data(), ProgressReporters.none()).run(false);
    StepDynamics dynamics = StepDynamics.read(runs.resolve("straight")).orElseThrow();
    assertEquals("auto:0.5", dynamics.cascadeRate());
    assertEquals(1, dynamics.measurements().size());
    StepDynamics.Measurement first = dynamics.measurements().get(0);
    assertEquals("first step", first.moment());
    assertEquals(0, first.step());
    assertEquals(LAYERS, first.layers().stream().map(LayerStepRatio::layer).toList());
    for (LayerStepRatio layer : first.layers()) {
      assertTrue(layer.cascadeRatio() > 0, layer.toString());
      assertEquals(Math.min(1, 0.5 / layer.cascadeRatio()), layer.cascadeScale(), 1e-12);
      assertTrue(layer.ratio() <= layer.referenceRatio() + 1e-9, layer.toString());
    }

    // 96 images in batches of 32: steps 0..5, measured at 0, 2 and 4, five layers each.
    List<StepRatioLog.Row> rows =
        StepRatioLog.read(runs.resolve("straight").resolve(StepRatioLog.FILE_NAME));
    assertEquals(15, rows.size());
    assertEquals(
        List.of(0L, 2L, 4L), rows.stream().map(StepRatioLog.Row::step).distinct().toList());
    rows.forEach(
        row -> assertTrue(row.relativeStep() > 0 && row.relativeStep() < 1, row.toString()));
    assertEquals(
        List.of(1, 1, 2),
        rows.stream()
            .filter(r -> r.ratio().layer().equals("conv1"))
            .map(StepRatioLog.Row::epoch)
            .toList());
    Map<Long, Double> conv1 = scalars(runs.resolve("straight"), "step_ratio/conv1");
    assertEquals(List.of(1L, 2L), List.copyOf(conv1.keySet()));

    TrainConfig resumed = config("resumed", "kflo:2x4", "auto:0.5", 2);
    assertThrows(
        RuntimeException.class,
        () ->
            new Trainer(resumed, data(), ProgressReporters.none())
                .withListeners(new CrashAtEpoch(2))
                .run(false));
    new Trainer(resumed, data(), ProgressReporters.none()).run(true);
    assertEquals(dynamics, StepDynamics.read(runs.resolve("resumed")).orElseThrow());
    assertEquals(rows, StepRatioLog.read(runs.resolve("resumed").resolve(StepRatioLog.FILE_NAME)));
  }

  @Test
  void aResumedAutoRunWithoutItsMeasurementIsRefused() throws IOException {
    TrainConfig config = config("lost", "kflo:2x4", "auto", 0);
    assertThrows(
        RuntimeException.class,
        () ->
            new Trainer(config, data(), ProgressReporters.none())
                .withListeners(new CrashAtEpoch(2))
                .run(false));
    Files.delete(runs.resolve("lost").resolve(StepDynamics.FILE_NAME));
    IOException e =
        assertThrows(
            IOException.class,
            () -> new Trainer(config, data(), ProgressReporters.none()).run(true));
    assertEquals(
        runs.resolve("lost").resolve("dynamics.json")
            + " is missing: the run's cascade factors (--cascade-lr-scale auto:1) were measured on"
            + " its first step and cannot be measured again after it",
        e.getMessage());
  }

  @Test
  void aFineTuningRunMeasuresItsFirstBackboneStepAndAPlainRunIsOnePlainStep() throws IOException {
    TrainConfig tuned =
        config("tuned", "kflo:2x4", "0.25", 0).toBuilder()
            .schedule(s -> s.fineTuning(new FineTuning(1, 0.05, 1.0, 0, false)))
            .build();
    new Trainer(tuned, data(), ProgressReporters.none()).run(false);
    StepDynamics dynamics = StepDynamics.read(runs.resolve("tuned")).orElseThrow();
    assertEquals(
        List.of("first step", "first step training the backbone"),
        dynamics.measurements().stream().map(StepDynamics.Measurement::moment).toList());
    assertEquals(3, dynamics.measurements().get(1).step());
    dynamics
        .measurements()
        .forEach(m -> m.layers().forEach(l -> assertEquals(0.25, l.cascadeScale(), 0.0)));
    assertTrue(Files.notExists(runs.resolve("tuned").resolve(StepRatioLog.FILE_NAME)));

    new Trainer(config("plain", "plain", "1", 0), data(), ProgressReporters.none()).run(false);
    for (LayerStepRatio layer :
        StepDynamics.read(runs.resolve("plain")).orElseThrow().measurements().get(0).layers()) {
      assertEquals(1.0, layer.ratio(), 1e-2, layer.layer());
      assertEquals(0.0, layer.cascadeRatio(), 0.0, layer.layer());
    }
  }

  /** One scalar tag of a run's TensorBoard file, by step. */
  private static Map<Long, Double> scalars(Path run, String tag) throws IOException {
    Map<Long, Double> values = new java.util.LinkedHashMap<>();
    for (Event event :
        TensorBoardEvents.read(run.resolve("tensorboard").resolve(TensorBoardEvents.FILE_NAME))) {
      if (event.hasSummary()) {
        event.getSummary().getValueList().stream()
            .filter(v -> v.getTag().equals(tag))
            .forEach(v -> values.put(event.getStep(), (double) v.getSimpleValue()));
      }
    }
    return values;
  }
}
