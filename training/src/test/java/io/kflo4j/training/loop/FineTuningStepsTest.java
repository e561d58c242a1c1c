package io.kflo4j.training.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.decay.LearningRateMultipliers;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fine-tuning steps of the training graph: head alone, backbone at a multiple of the rate,
 * frozen layers.
 */
class FineTuningStepsTest {
  private static final int BATCH = 6;
  private static final float[] IMAGES = TestImages.random(BATCH, 3);
  private static final int[] LABELS = {0, 1, 2, 3, 4, 5};

  /** cifar-quick's classifier. */
  private static final Set<String> HEAD = Set.of("fc2_kernel", "fc2_bias");

  /** cifar-quick's first kernel layer and its batch norm's trained variables. */
  private static final Set<String> FIRST_LAYER =
      Set.of("conv1_kernel", "conv1_bn_gamma", "conv1_bn_beta");

  private static TrainingGraph graph(FineTuning recipe) {
    TrainingGraph graph =
        new TrainingGraph(
            ModelSpec.of("cifar-quick", 10, "plain"),
            OptimizerSettings.reference(),
            Optional.of(recipe),
            1,
            1);
    graph.initialize(2);
    return graph;
  }

  @Test
  void headStepChangesTheClassifierAloneAtItsRate() {
    try (TrainingGraph graph = graph(new FineTuning(1, 0.05, 0.1, 0, false))) {
      Map<String, float[]> before = graph.model().variables().readAll(graph.session());
      Map<String, float[]> gradients = graph.gradients(IMAGES, LABELS);
      graph.headStep(IMAGES, LABELS, BATCH, 0.05);
      Map<String, float[]> after = graph.model().variables().readAll(graph.session());
      for (ModelVariable variable : graph.model().trainableVariables()) {
        String name = variable.name();
        if (HEAD.contains(name)) {
          assertChange(
              before, after, gradients, name, 0.05 * LearningRateMultipliers.of(variable.role()));
        } else {
          assertArrayEquals(
              before.get(name), after.get(name), name + " must not train in the head phase");
        }
      }
    }
  }

  @Test
  void fullStepTrainsTheBackboneAtItsMultipleAndLeavesFrozenLayersAlone() {
    try (TrainingGraph graph = graph(new FineTuning(1, 0.05, 0.1, 1, false))) {
      Map<String, float[]> before = graph.model().variables().readAll(graph.session());
      Map<String, float[]> gradients = graph.gradients(IMAGES, LABELS);
      assertEquals(
          13 - 3,
          gradients.size(),
          "gradients of every trained variable, none of the frozen layer");
      graph.step(IMAGES, LABELS, BATCH, new StepRates(0.02, 0.1, java.util.Map.of()));
      Map<String, float[]> after = graph.model().variables().readAll(graph.session());
      for (ModelVariable variable : graph.model().trainableVariables()) {
        String name = variable.name();
        double bias = LearningRateMultipliers.of(variable.role());
        if (FIRST_LAYER.contains(name)) {
          assertArrayEquals(before.get(name), after.get(name), name + " is frozen");
        } else {
          assertChange(
              before, after, gradients, name, 0.02 * bias * (HEAD.contains(name) ? 1 : 0.1));
        }
      }
    }
  }

  @Test
  void freezingTheClassifierIsRefused() {
    assertEquals(
        "frozenLayers 5 would freeze the classifier of cifar-quick/plain/10 classes: it has 5 kernel"
            + " layers, the last being the classifier (freeze at most 4)",
        assertThrows(
                IllegalArgumentException.class, () -> graph(new FineTuning(0, 0.05, 0.1, 5, false)))
            .getMessage());
  }

  @Test
  void batchNormPassMovesOnlyTheMovingStatisticsTowardsTheBatch() {
    try (TrainingGraph graph = graph(new FineTuning(0, 0.05, 0.1, 0, true))) {
      Map<String, float[]> m0 = graph.model().variables().readAll(graph.session());
      graph.batchNormPass(IMAGES, BATCH);
      Map<String, float[]> m1 = graph.model().variables().readAll(graph.session());
      graph.batchNormPass(IMAGES, BATCH);
      Map<String, float[]> m2 = graph.model().variables().readAll(graph.session());
      for (ModelVariable variable : graph.model().variables().all()) {
        String name = variable.name();
        if (!name.endsWith("_moving_mean") && !name.endsWith("_moving_variance")) {
          assertArrayEquals(m0.get(name), m2.get(name), name + " must not change");
          continue;
        }
        // moving = 0.9 moving + 0.1 batch: the batch statistic from the first pass predicts the
        // second.
        float[] predicted = new float[m0.get(name).length];
        for (int i = 0; i < predicted.length; i++) {
          double batch = (m1.get(name)[i] - 0.9 * m0.get(name)[i]) / 0.1;
          predicted[i] = (float) (0.9 * m1.get(name)[i] + 0.1 * batch);
        }
        assertArrayEquals(predicted, m2.get(name), 1e-4f, name);
        assertTrue(maxAbsDiff(m0.get(name), m1.get(name)) > 1e-3, name + " must move");
      }
    }
  }

  private static void assertChange(
      Map<String, float[]> before,
      Map<String, float[]> after,
      Map<String, float[]> gradients,
      String name,
      double rate) {
    float[] b = before.get(name);
    float[] a = after.get(name);
    float[] g = gradients.get(name);
    float scale = 0;
    for (float value : g) {
      scale = Math.max(scale, (float) Math.abs(rate * value));
    }
    assertTrue(scale > 0, name + " has a zero gradient");
    for (int i = 0; i < b.length; i++) {
      float expected = (float) (-rate * g[i]);
      assertEquals(expected, a[i] - b[i], 1e-3 * scale + 1e-7, name + "[" + i + "]");
    }
  }

  private static float maxAbsDiff(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}
