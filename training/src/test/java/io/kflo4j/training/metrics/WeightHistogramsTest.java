package io.kflo4j.training.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.ModelSpec;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.loop.TrainingGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.Summary;

/** TensorFlow's histograms of the deployed tensors and of the factors behind them. */
class WeightHistogramsTest {

  private static TrainingGraph graph(String reparam) {
    TrainingGraph graph =
        new TrainingGraph(
            ModelSpec.of("cifar-quick", 10, reparam),
            OptimizerSettings.reference(),
            Optional.empty(),
            3,
            1);
    graph.initialize(3);
    return graph;
  }

  private static Map<String, HistogramProto> byTag(Summary summary) {
    Map<String, HistogramProto> histograms = new HashMap<>();
    for (Summary.Value value : summary.getValueList()) {
      assertTrue(value.hasHisto(), value.getTag());
      assertEquals(null, histograms.put(value.getTag(), value.getHisto()), "twice: " + value);
    }
    return histograms;
  }

  private static void assertDescribes(float[] values, HistogramProto histogram, String tag) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    double sumSquares = 0;
    for (float v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      sumSquares += (double) v * v;
    }
    assertEquals(values.length, histogram.getNum(), tag + " count");
    assertEquals(min, histogram.getMin(), tag + " min");
    assertEquals(max, histogram.getMax(), tag + " max");
    assertEquals(sum, histogram.getSum(), 1e-9 * values.length, tag + " sum");
    assertEquals(sumSquares, histogram.getSumSquares(), 1e-9 * sumSquares, tag + " sum of squares");
    double counted = histogram.getBucketList().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(values.length, counted, tag + " bucket counts");
  }

  @Test
  void kfloChartsEveryCollapsedTensorAndEveryFactorExactly() {
    try (TrainingGraph graph = graph("kflo:2x4")) {
      Map<String, HistogramProto> histograms = byTag(graph.weightHistograms());
      Map<String, float[]> deployed = graph.model().deployedValues(graph.session());
      Map<String, float[]> variables = graph.model().variables().readAll(graph.session());

      List<String> factors = new ArrayList<>();
      graph.model().trainableVariables().stream()
          .filter(v -> !deployed.containsKey(v.name()))
          .forEach(v -> factors.add(v.name()));
      // Cifar-quick: 5 kernels, the 2 dense layers' biases, 3 batch norms of 4 tensors each; KFLO
      // 2x4 generates each kernel from W1 and one cascade kernel W2, each dense bias from b1.
      assertEquals(5 + 2 + 3 * 4, deployed.size(), deployed.keySet().toString());
      assertEquals(5 * 2 + 2, factors.size(), factors.toString());
      assertEquals(deployed.size() + factors.size(), histograms.size());

      deployed.forEach(
          (name, values) ->
              assertDescribes(
                  values,
                  histograms.get(WeightHistograms.DEPLOYED_PREFIX + name),
                  WeightHistograms.DEPLOYED_PREFIX + name));
      for (String name : factors) {
        assertDescribes(
            variables.get(name),
            histograms.get(WeightHistograms.FACTOR_PREFIX + name),
            WeightHistograms.FACTOR_PREFIX + name);
      }
    }
  }

  @Test
  void aPlainModelHasNoFactors() {
    try (TrainingGraph graph = graph("plain")) {
      Map<String, HistogramProto> histograms = byTag(graph.weightHistograms());
      assertEquals(5 + 2 + 3 * 4, histograms.size());
      assertTrue(
          histograms.keySet().stream()
              .allMatch(t -> t.startsWith(WeightHistograms.DEPLOYED_PREFIX)),
          histograms.keySet().toString());
    }
  }

  @Test
  void aNanWeightIsRefusedByTensorFlowAndNamed() {
    try (TrainingGraph graph = graph("plain")) {
      float[] bias = new float[10];
      bias[3] = Float.NaN;
      graph.model().variables().assign(graph.session(), Map.of("fc2_bias", bias));
      IllegalStateException e = assertThrows(IllegalStateException.class, graph::weightHistograms);
      assertEquals(
          "weight histograms failed: Nan in summary histogram for: histogram_weights_fc2_bias",
          e.getMessage());
    }
  }
}
