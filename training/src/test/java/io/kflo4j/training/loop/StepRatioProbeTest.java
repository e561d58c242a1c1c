package io.kflo4j.training.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.reparam.KfloParameterization;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.metrics.LayerStepRatio;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The step ratio of generated kernels against the algebra of one SGD step. */
class StepRatioProbeTest {
  private static final int BATCH = 8;
  private static final float[] IMAGES = TestImages.random(BATCH, 3);
  private static final int[] LABELS = {0, 1, 2, 3, 4, 5, 6, 7};
  private static final double RATE = 0.1;

  private static TrainingGraph graph(String reparam) {
    TrainingGraph graph =
        new TrainingGraph(
            ModelSpec.of("cifar-quick", 10, reparam), OptimizerSettings.reference(), 1, 1);
    graph.initialize(4);
    return graph;
  }

  @Test
  void aPlainKernelMovesByExactlyOnePlainStep() {
    try (TrainingGraph graph = graph("plain")) {
      List<LayerStepRatio> ratios =
          graph.probe().measure(IMAGES, LABELS, BATCH, new StepRates(RATE, 1, Map.of()));
      assertEquals(
          List.of("conv1", "conv2", "conv3", "fc1", "fc2"),
          ratios.stream().map(LayerStepRatio::layer).toList());
      for (LayerStepRatio ratio : ratios) {
        assertEquals(1.0, ratio.ratio(), 1e-3, ratio.layer());
        assertEquals(1.0, ratio.referenceRatio(), 1e-3, ratio.layer());
        assertEquals(0.0, ratio.cascadeRatio(), 0.0, ratio.layer());
      }
      assertTrue(graph.cascadeLayers().isEmpty());
    }
  }

  /**
   * ACNet's convs train each branch through its own batch norm, so their deployed kernel is not on
   * the loss's path and has no gradient: they are left out (this threw on the first step of every
   * ACNet run), the plain dense layers are measured.
   */
  @Test
  void layersWhoseTrainingPathDoesNotUseTheDeployedKernelAreLeftOut() {
    try (TrainingGraph graph = graph("acnet")) {
      List<LayerStepRatio> ratios =
          graph.probe().measure(IMAGES, LABELS, BATCH, new StepRates(RATE, 1, Map.of()));
      assertEquals(List.of("fc1", "fc2"), ratios.stream().map(LayerStepRatio::layer).toList());
      for (LayerStepRatio ratio : ratios) {
        assertEquals(1.0, ratio.ratio(), 1e-3, ratio.layer());
      }
    }
  }

  /**
   * With W2 = [I; 0; 0; 0], dL/dW1 = [G 0 0 0] and dL/dW2 = W1^T G (+ b1^T g_b), so a step moves W'
   * = W1 W2 by exactly {@code -lr G - s lr W1 W1^T G + s lr^2 [G 0 0 0] W1^T G} (cascade factor s),
   * the cascade alone by {@code -lr W1 W1^T G}. W1 is scaled by 3 first, as pretrained kernels are
   * larger than fresh ones.
   */
  @Test
  void aKfloKernelMovesByTheCascadeOperator() {
    try (TrainingGraph graph = graph("kflo:2x4")) {
      Map<String, float[]> values = graph.model().variables().readAll(graph.session());
      Map<String, float[]> scaled = new HashMap<>();
      for (KernelLayer layer : graph.model().kernelLayers()) {
        String w1 = KfloParameterization.filteredKernelName(layer.name());
        float[] v = values.get(w1).clone();
        for (int i = 0; i < v.length; i++) {
          v[i] *= 3;
        }
        scaled.put(w1, v);
      }
      graph.model().variables().assign(graph.session(), scaled);
      Map<String, float[]> gradients = graph.gradients(IMAGES, LABELS);
      Map<String, Double> half = new HashMap<>();
      graph.cascadeLayers().forEach(layer -> half.put(layer, 0.5));
      List<LayerStepRatio> ratios =
          graph.probe().measure(IMAGES, LABELS, BATCH, new StepRates(RATE, 1, half));
      assertEquals(5, ratios.size());
      for (int l = 0; l < ratios.size(); l++) {
        KernelLayer layer = graph.model().kernelLayers().get(l);
        int rows = Math.toIntExact(layer.shape().fanIn());
        int out = layer.shape().outChannels();
        int wide = 4 * out;
        float[] w1 = scaled.get(KfloParameterization.filteredKernelName(layer.name()));
        float[] dW1 = gradients.get(KfloParameterization.filteredKernelName(layer.name()));
        // dL/dW1 = G W2^T: G is dW1's first block.
        double[] g = new double[rows * out];
        for (int r = 0; r < rows; r++) {
          for (int o = 0; o < out; o++) {
            g[r * out + o] = dW1[r * wide + o];
          }
        }
        double[] w1tG = transposeTimes(w1, rows, wide, g, out);
        if (layer.shape().hasBias()) {
          // The cascade also generates the bias b' = b1 W2: dL/dW2 = W1^T G + b1^T g_b, where
          // g_b = dL/db' is dL/db1's first block.
          String b1Name = KfloParameterization.filteredBiasName(layer.name());
          float[] b1 = values.get(b1Name);
          float[] db1 = gradients.get(b1Name);
          for (int c = 0; c < wide; c++) {
            for (int o = 0; o < out; o++) {
              w1tG[c * out + o] += (double) b1[c] * db1[o];
            }
          }
        }
        double[] excess = times(w1, rows, wide, w1tG, out);
        double[] secondOrder = times(toFloat(g), rows, out, firstRows(w1tG, out), out);
        double gNorm = norm(g);
        double cascade = norm(excess) / gNorm;
        double[] full = new double[g.length];
        double[] halfway = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          full[i] = g[i] + excess[i] - RATE * secondOrder[i];
          halfway[i] = g[i] + 0.5 * (excess[i] - RATE * secondOrder[i]);
        }
        LayerStepRatio ratio = ratios.get(l);
        assertEquals(layer.name(), ratio.layer());
        assertEquals(cascade, ratio.cascadeRatio(), 2e-3 * cascade, layer.name() + " cascade");
        assertEquals(norm(full) / gNorm, ratio.referenceRatio(), 2e-3, layer.name());
        assertEquals(norm(halfway) / gNorm, ratio.ratio(), 2e-3, layer.name() + " at 0.5");
        assertEquals(0.5, ratio.cascadeScale(), 0.0);
        assertTrue(cascade > 0.5, layer.name() + ": a scaled W1 must make the cascade count");
      }
    }
  }

  @Test
  void aFrozenCascadeMovesTheKernelByOnePlainStep() {
    try (TrainingGraph graph = graph("kflo:2x4")) {
      Map<String, Double> frozen = new HashMap<>();
      graph.cascadeLayers().forEach(layer -> frozen.put(layer, 0.0));
      for (LayerStepRatio ratio :
          graph.probe().measure(IMAGES, LABELS, BATCH, new StepRates(RATE, 1, frozen))) {
        assertEquals(1.0, ratio.ratio(), 1e-3, ratio.layer());
        assertTrue(ratio.referenceRatio() > 1.01, ratio.layer() + " " + ratio.referenceRatio());
      }
    }
  }

  /** Measuring changes nothing: the next step is bit for bit the step of an unmeasured graph. */
  @Test
  void measuringChangesNothing() {
    try (TrainingGraph measured = graph("kflo:2x4");
        TrainingGraph untouched = graph("kflo:2x4")) {
      for (int step = 0; step < 2; step++) {
        measured.probe().measure(IMAGES, LABELS, BATCH, new StepRates(0.05, 1, Map.of()));
        measured.step(IMAGES, LABELS, BATCH, 0.05);
        untouched.step(IMAGES, LABELS, BATCH, 0.05);
      }
      Map<String, float[]> a = measured.model().variables().readAll(measured.session());
      Map<String, float[]> b = untouched.model().variables().readAll(untouched.session());
      a.forEach((name, values) -> assertArrayEquals(b.get(name), values, name));
    }
  }

  /** A^T B for A [rows, inner] and B [rows, cols], in double. */
  private static double[] transposeTimes(float[] a, int rows, int inner, double[] b, int cols) {
    double[] result = new double[inner * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < inner; c++) {
        double w = a[r * inner + c];
        for (int o = 0; o < cols; o++) {
          result[c * cols + o] += w * b[r * cols + o];
        }
      }
    }
    return result;
  }

  /** A B for A [rows, inner] and B [inner, cols], in double. */
  private static double[] times(float[] a, int rows, int inner, double[] b, int cols) {
    double[] result = new double[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < inner; c++) {
        double w = a[r * inner + c];
        for (int o = 0; o < cols; o++) {
          result[r * cols + o] += w * b[c * cols + o];
        }
      }
    }
    return result;
  }

  /** The first {@code count} rows of a matrix with {@code count} columns. */
  private static double[] firstRows(double[] matrix, int count) {
    return java.util.Arrays.copyOf(matrix, count * count);
  }

  private static float[] toFloat(double[] values) {
    float[] result = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (float) values[i];
    }
    return result;
  }

  private static double norm(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }
}
