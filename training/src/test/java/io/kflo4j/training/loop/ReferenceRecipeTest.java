package io.kflo4j.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.reparam.KfloParameterization;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import io.kflo4j.training.config.OptimizerSettings;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The decay gradient and the learning rate each tensor receives in the real training graph, against
 * the reference implementation's per-parameter SGD groups (docs/TRAINING.md).
 */
@Tag("numerics")
class ReferenceRecipeTest {
  private static final double WD = 0.05;
  private static final int BATCH = 6;

  /**
   * The decay part of every gradient: the gradient with decay minus the gradient of the same graph
   * without.
   */
  private static Map<String, float[]>[] decayGradients(String reparam) {
    float[] images = TestImages.random(BATCH, 3);
    int[] labels = {0, 1, 2, 3, 4, 5};
    try (TrainingGraph decayed = graph(reparam, WD);
        TrainingGraph undecayed = graph(reparam, 0)) {
      decayed.initialize(4);
      undecayed.initialize(4);
      // Non-zero batch-norm beta, so its decay gradient wd * beta shows.
      Map<String, float[]> weights = decayed.model().variables().readAll(decayed.session());
      Random random = new Random(8);
      for (ModelVariable variable : decayed.model().variables().all()) {
        if (variable.role() == VariableRole.BN_BETA || variable.role() == VariableRole.BN_GAMMA) {
          float[] values = weights.get(variable.name());
          for (int i = 0; i < values.length; i++) {
            values[i] = 0.5f + random.nextFloat();
          }
        }
      }
      decayed.model().variables().assign(decayed.session(), weights);
      undecayed.model().variables().assign(undecayed.session(), weights);
      Map<String, float[]> with = decayed.gradients(images, labels);
      Map<String, float[]> without = undecayed.gradients(images, labels);
      with.forEach(
          (name, values) -> {
            float[] base = without.get(name);
            for (int i = 0; i < values.length; i++) {
              values[i] -= base[i];
            }
          });
      @SuppressWarnings("unchecked")
      Map<String, float[]>[] result = new Map[] {with, weights};
      return result;
    }
  }

  @Test
  void plainTensorsGetTheOptimizersDecayGradientWdTimesX() {
    Map<String, float[]>[] result = decayGradients("plain");
    Map<String, float[]> decay = result[0];
    Map<String, float[]> weights = result[1];
    // Every trainable tensor of a plain model: kernels, biases, gamma, beta receive exactly wd * x.
    assertEquals(5 + 2 + 6, decay.size());
    decay.forEach((name, gradient) -> assertClose(scaled(weights.get(name), WD), gradient, name));
  }

  @Test
  void kfloGeneratedKernelGetsTwiceWdThroughItsFactorsAndTheFactorsNothingElse() {
    Map<String, float[]>[] result = decayGradients("kflo:2x4");
    Map<String, float[]> decay = result[0];
    Map<String, float[]> weights = result[1];
    try (TrainingGraph graph = graph("kflo:2x4", WD)) {
      for (KernelLayer layer : graph.model().kernelLayers()) {
        String name = layer.name();
        int rows = (int) layer.shape().fanIn();
        int out = layer.shape().outChannels();
        int wide = 4 * out;
        float[] w1 = weights.get(KfloParameterization.filteredKernelName(name));
        float[] w2 = weights.get(KfloParameterization.cascadeKernelName(name, 2));
        double[] generated = multiply(w1, rows, wide, w2, out);
        // d/dW1 of wd * |W1 W2|^2 = 2 wd W' W2^T; d/dW2 = 2 wd W1^T W' (+ 1e-9 W2, below float
        // resolution here).
        float[] expectedW1 = new float[rows * wide];
        float[] expectedW2 = new float[wide * out];
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < wide; c++) {
            double sum = 0;
            for (int o = 0; o < out; o++) {
              sum += generated[r * out + o] * w2[c * out + o];
              expectedW2[c * out + o] +=
                  (float) (2 * WD * w1[r * wide + c] * generated[r * out + o]);
            }
            expectedW1[r * wide + c] = (float) (2 * WD * sum);
          }
        }
        assertClose(
            expectedW1, decay.get(KfloParameterization.filteredKernelName(name)), name + " W1");
        assertClose(
            expectedW2, decay.get(KfloParameterization.cascadeKernelName(name, 2)), name + " W2");
        if (layer.shape().hasBias()) {
          // The generated bias b' has no decay; b1 none either.
          assertClose(
              new float[wide],
              decay.get(KfloParameterization.filteredBiasName(name)),
              name + " b1");
        }
      }
    }
    decay.forEach(
        (name, gradient) -> {
          if (name.contains("_bn_")) {
            assertClose(scaled(weights.get(name), WD), gradient, name);
          }
        });
  }

  @Test
  void biasesBetaAndB1StepAtTwiceTheRateEverythingElseAtTheRate() {
    float[] images = TestImages.random(BATCH, 5);
    int[] labels = {9, 8, 7, 6, 5, 4};
    double rate = 0.01;
    for (String reparam : new String[] {"plain", "kflo:2x4"}) {
      try (TrainingGraph graph = graph(reparam, 1e-4)) {
        graph.initialize(6);
        Map<String, float[]> before = graph.model().variables().readAll(graph.session());
        Map<String, float[]> gradients = graph.gradients(images, labels);
        graph.step(images, labels, BATCH, rate);
        Map<String, float[]> after = graph.model().variables().readAll(graph.session());
        int doubled = 0;
        for (ModelVariable variable : graph.model().trainableVariables()) {
          String name = variable.name();
          boolean bias =
              name.contains("bias") || name.endsWith("_beta") || name.endsWith("_kflo_b1");
          doubled += bias ? 1 : 0;
          // First step, zero momentum: w1 - w0 = -lr * multiplier * g.
          float[] expected = scaled(gradients.get(name), -rate * (bias ? 2 : 1));
          float[] change = new float[expected.length];
          for (int i = 0; i < change.length; i++) {
            change[i] = after.get(name)[i] - before.get(name)[i];
          }
          assertClose(expected, change, reparam + " " + name);
        }
        // cifar-quick: 3 batch-norm betas and 2 dense biases (plain) or 2 b1 (kflo).
        assertEquals(5, doubled, reparam);
      }
    }
  }

  private static TrainingGraph graph(String reparam, double wd) {
    return new TrainingGraph(
        ModelSpec.of("cifar-quick", 10, reparam),
        new OptimizerSettings.Builder().weightDecay(wd).build(),
        1,
        1);
  }

  private static float[] scaled(float[] values, double factor) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (float) (values[i] * factor);
    }
    return result;
  }

  private static double[] multiply(float[] a, int rows, int inner, float[] b, int cols) {
    double[] product = new double[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < inner; k++) {
        double ark = a[r * inner + k];
        for (int c = 0; c < cols; c++) {
          product[r * cols + c] += ark * b[k * cols + c];
        }
      }
    }
    return product;
  }

  /**
   * Equal within 1e-4 of the larger magnitude plus 1e-6 absolute (float reductions in another
   * order).
   */
  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    float scale = 0;
    for (float value : expected) {
      scale = Math.max(scale, Math.abs(value));
    }
    for (int i = 0; i < expected.length; i++) {
      float tolerance = 1e-4f * scale + 1e-6f;
      assertTrue(
          Math.abs(expected[i] - actual[i]) <= tolerance,
          what
              + "["
              + i
              + "]: expected "
              + expected[i]
              + ", got "
              + actual[i]
              + " (tolerance "
              + tolerance
              + ")");
    }
  }
}
