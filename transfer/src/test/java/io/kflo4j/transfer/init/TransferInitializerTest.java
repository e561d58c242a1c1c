package io.kflo4j.transfer.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.layers.BatchNorm;
import io.kflo4j.graph.layers.KernelLayer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TransferInitializerTest {

  private static List<SourceModel> sources(int count, int classes) {
    List<SourceModel> sources = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      try (ModelFixture source = new ModelFixture("cifar-quick", classes, "plain", 100 + i)) {
        sources.add(source.asSource("m" + (i + 1)));
      }
    }
    return sources;
  }

  @ParameterizedTest(name = "N={0} into kflo:2x{1}")
  @CsvSource({"1, 1", "2, 2", "4, 4", "1, 4", "2, 3", "4, 6"})
  void stacksSourceKernelsIntoW1Blocks(int n, int width) {
    List<SourceModel> sources = sources(n, 10);
    try (ModelFixture target = new ModelFixture("cifar-quick", 100, "kflo:2x" + width, 7)) {
      Map<String, float[]> fresh = target.model.variables().readAll(target.session);
      new TransferInitializer(sources).initialize(target.model, target.session);
      Map<String, float[]> after = target.model.variables().readAll(target.session);
      for (KernelLayer layer : target.model.kernelLayers()) {
        String w1 = layer.name() + "_kflo_w1";
        int out = layer.shape().outChannels();
        int rows = (int) layer.shape().fanIn();
        assertEquals((long) rows * width * out, after.get(w1).length, w1);
        boolean classifier = layer.name().equals("fc2");
        for (int r = 0; r < rows; r++) {
          for (int block = 0; block < width; block++) {
            for (int c = 0; c < out; c++) {
              float actual = after.get(w1)[(r * width + block) * out + c];
              float expected = classifier || block >= n ? fresh.get(w1)[(r * width + block) * out + c]
                  : sources.get(block).variables().get(layer.name() + "_kernel")[r * out + c];
              assertEquals(expected, actual, w1 + " row " + r + " block " + block + " col " + c);
            }
          }
        }
        assertArrayEquals(fresh.get(layer.name() + "_kflo_w2"), after.get(layer.name() + "_kflo_w2"),
            "cascade of " + layer.name() + " stays identity");
      }
      // fc1's b1 blocks hold the sources' biases.
      for (int block = 0; block < n; block++) {
        float[] b1 = after.get("fc1_kflo_b1");
        float[] expected = sources.get(block).variables().get("fc1_bias");
        for (int c = 0; c < 64; c++) {
          assertEquals(expected[c], b1[block * 64 + c]);
        }
      }
      assertArrayEquals(sources.get(0).variables().get("conv2_bn_gamma"), after.get("conv2_bn_gamma"));
      assertArrayEquals(sources.get(0).variables().get("conv2_bn_moving_variance"),
          after.get("conv2_bn_moving_variance"));
    }
  }

  @Test
  void transferredNetworkComputesTheFirstSourcesFeatures() {
    float[] batch = ModelFixture.randomImages(6, 3);
    try (ModelFixture first = new ModelFixture("cifar-quick", 10, "plain", 1);
        ModelFixture second = new ModelFixture("cifar-quick", 10, "plain", 2);
        ModelFixture target = new ModelFixture("cifar-quick", 100, "kflo:2x2", 9)) {
      first.trainSteps(3, 11);
      second.trainSteps(3, 12);
      new TransferInitializer(List.of(first.asSource("m1"), second.asSource("m2")))
          .initialize(target.model, target.session);
      float[] expected = first.features(batch);
      float[] actual = target.features(batch);
      assertEquals(6 * 64, actual.length);
      assertTrue(maxAbsDiff(expected, actual) <= 1e-4, "features differ by " + maxAbsDiff(expected, actual));
      assertFalse(maxAbsDiff(second.features(batch), actual) <= 1e-4, "must follow the first source");
    }
  }

  @Test
  void batchNormFoldedSourceGivesTheSameFeatures() {
    float[] batch = ModelFixture.randomImages(4, 8);
    try (ModelFixture source = new ModelFixture("cifar-quick", 10, "plain", 4);
        ModelFixture target = new ModelFixture("cifar-quick", 100, "kflo:2x1", 5)) {
      source.trainSteps(3, 13);
      SourceModel unfolded = source.asSource("m1");
      Map<String, float[]> folded = new LinkedHashMap<>(unfolded.variables());
      Map<String, long[]> shapes = new LinkedHashMap<>(unfolded.shapes());
      for (KernelLayer layer : source.model.kernelLayers()) {
        if (layer.batchNorm().isEmpty()) {
          continue;
        }
        String bn = layer.batchNorm().get().name();
        float[] gamma = folded.remove(bn + "_gamma");
        float[] beta = folded.remove(bn + "_beta");
        float[] mean = folded.remove(bn + "_moving_mean");
        float[] variance = folded.remove(bn + "_moving_variance");
        float[] kernel = folded.get(layer.name() + "_kernel").clone();
        int out = layer.shape().outChannels();
        float[] bias = new float[out];
        for (int c = 0; c < out; c++) {
          double scale = gamma[c] / Math.sqrt(variance[c] + BatchNorm.EPSILON);
          bias[c] = (float) (beta[c] - mean[c] * scale);
          for (int r = 0; r < kernel.length / out; r++) {
            kernel[r * out + c] *= (float) scale;
          }
        }
        folded.put(layer.name() + "_kernel", kernel);
        folded.put(layer.name() + "_bias", bias);
        shapes.put(layer.name() + "_bias", new long[] {out});
      }
      new TransferInitializer(List.of(new SourceModel("folded", "cifar-quick", 10, folded, shapes)))
          .initialize(target.model, target.session);
      float diff = maxAbsDiff(source.features(batch), target.features(batch));
      assertTrue(diff <= 1e-4, "features differ by " + diff);
    }
  }

  @Test
  void incompatibleSourcesAreRejectedNamingSourceLayerAndShapes() {
    List<SourceModel> good = sources(1, 10);
    SourceModel bad = good.get(0);
    Map<String, long[]> shapes = new LinkedHashMap<>(bad.shapes());
    shapes.put("conv2_kernel", new long[] {3, 3, 32, 32});
    SourceModel wrongShape = new SourceModel("m2", "cifar-quick", 10, bad.variables(), shapes);
    SourceModel wrongArch = new SourceModel("m3", "vgg16", 10, bad.variables(), bad.shapes());
    try (ModelFixture target = new ModelFixture("cifar-quick", 100, "kflo:2x2", 1)) {
      assertEquals("source m2, layer conv2: conv2_kernel has shape [3, 3, 32, 32], the target needs [5, 5, 32, 32]",
          assertThrows(IncompatibleSourceException.class,
              () -> new TransferInitializer(List.of(bad, wrongShape)).initialize(target.model, target.session))
              .getMessage());
      assertEquals("source m3 is a vgg16, the target is a cifar-quick",
          assertThrows(IncompatibleSourceException.class,
              () -> new TransferInitializer(List.of(wrongArch)).initialize(target.model, target.session))
              .getMessage());
      assertEquals("kflo width R = 2 cannot hold 3 source models: use kflo:Bx3 or wider",
          assertThrows(IllegalArgumentException.class,
              () -> new TransferInitializer(List.of(bad, bad, bad)).initialize(target.model, target.session))
              .getMessage());
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
