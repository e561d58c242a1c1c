package io.kflo4j.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.TrainConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FineTuningPhasesTest {
  private static final int ITERATIONS = 10;

  private static TrainConfig.Builder config() {
    return TrainConfig.builder()
        .data(d -> d.dataset("cifar100"))
        .model(m -> m.arch("cifar-quick").reparam("plain"))
        .schedule(s -> s.epochs(5))
        .run(r -> r.seed(1).outDir(Path.of("runs")).runName("ft"))
        .optimizer(o -> o.learningRate(0.02));
  }

  @Test
  void headPhaseAtItsConstantRateThenTheCosineRestartsOverTheRemainingEpochs() {
    FineTuningPhases phases =
        new FineTuningPhases(
            config().schedule(s -> s.fineTuning(new FineTuning(2, 0.1, 0.25, 0, true))).build(),
            ITERATIONS);
    for (int iteration = 0; iteration < 20; iteration++) {
      assertEquals(
          0.1, phases.rate(iteration / ITERATIONS + 1, iteration), 0, "iteration " + iteration);
    }
    assertTrue(phases.inHeadPhase(2));
    assertFalse(phases.inHeadPhase(3));
    assertTrue(phases.startsFullPhase(3));
    assertFalse(phases.startsFullPhase(4));
    // Epochs 3..5: cosine from 0.02 over 30 iterations.
    assertEquals(0.02, phases.rate(3, 20), 1e-12);
    assertEquals(0.01, phases.rate(4, 35), 1e-12);
    assertEquals(0.02 * 0.5 * (1 + Math.cos(Math.PI * 29 / 30)), phases.rate(5, 49), 1e-12);
    assertEquals(0.25, phases.backboneMultiplier());
    assertTrue(phases.reestimatesBatchNorm());
  }

  @Test
  void withoutARecipeTheScheduleSpansTheWholeRun() {
    FineTuningPhases phases = new FineTuningPhases(config().build(), ITERATIONS);
    assertFalse(phases.inHeadPhase(1));
    assertFalse(phases.startsFullPhase(1));
    assertEquals(0.02, phases.rate(1, 0), 1e-12);
    assertEquals(0.01, phases.rate(3, 25), 1e-12);
    assertEquals(1.0, phases.backboneMultiplier());
    assertFalse(phases.reestimatesBatchNorm());
  }

  @Test
  void recipeAndConfigErrorsNameEveryBadField() {
    assertEquals(
        "fine-tuning: headEpochs must be >= 0, got -1; headLearningRate must be finite and > 0, got NaN;"
            + " backboneMultiplier must be in [0, 1], got 2.0; frozenLayers must be >= 0, got -3",
        assertThrows(
                IllegalArgumentException.class, () -> new FineTuning(-1, Double.NaN, 2, -3, true))
            .getMessage());
    assertEquals(
        "the head phase (5 epochs) must leave at least one of the 5 epochs to fine-tune everything:"
            + " raise the epochs or lower the head epochs",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    config()
                        .schedule(s -> s.fineTuning(new FineTuning(5, 0.1, 0.1, 0, true)))
                        .build())
            .getMessage());
  }

  @Test
  void recipeSurvivesTheConfigurationFile() {
    TrainConfig config =
        config().schedule(s -> s.fineTuning(new FineTuning(2, 0.1, 0.25, 1, true))).build();
    assertEquals(config, TrainConfig.fromJson(config.toJson()));
    assertEquals(
        new FineTuning(2, 0.1, 0.25, 1, true),
        TrainConfig.fromJson(config.toJson()).schedule().fineTuning().get());
  }
}
