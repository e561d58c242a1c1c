package io.kflo4j.transfer.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.layers.KernelLayer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightMatchingTest {

  /** A random permutation of every hidden kernel layer's outputs. */
  static int[][] randomPermutations(List<KernelLayer> layers, long seed) {
    Random random = new Random(seed);
    int[][] permutations = new int[layers.size() - 1][];
    for (int l = 0; l < permutations.length; l++) {
      int n = layers.get(l).shape().outChannels();
      int[] p = new int[n];
      for (int i = 0; i < n; i++) {
        p[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      permutations[l] = p;
    }
    return permutations;
  }

  /**
   * A source whose batch norms are far from their initial values, so that permuting them matters.
   */
  private static Map<String, float[]> distinctValues(ModelFixture fixture, long seed) {
    Map<String, float[]> values =
        new LinkedHashMap<>(fixture.model.deployedValues(fixture.session));
    Random random = new Random(seed);
    values.replaceAll(
        (name, v) -> {
          if (name.endsWith("_gamma") || name.endsWith("_moving_variance")) {
            float[] positive = v.clone();
            for (int i = 0; i < positive.length; i++) {
              positive[i] = 0.5f + random.nextFloat();
            }
            return positive;
          }
          if (name.endsWith("_beta") || name.endsWith("_moving_mean")) {
            float[] shifted = v.clone();
            for (int i = 0; i < shifted.length; i++) {
              shifted[i] = (float) (0.3 * random.nextGaussian());
            }
            return shifted;
          }
          return v;
        });
    return values;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"cifar-quick", "vgg16"})
  void aPermutedModelComputesTheSameLogits(String arch) {
    float[] batch = ModelFixture.randomImages(3, 5);
    try (ModelFixture original = new ModelFixture(arch, 10, "plain", 1);
        ModelFixture permuted = new ModelFixture(arch, 10, "plain", 2)) {
      Map<String, float[]> values = distinctValues(original, 3);
      original.model.variables().assign(original.session, values);
      int[][] permutations = randomPermutations(original.model.kernelLayers(), 4);
      Map<String, float[]> permutedValues =
          WeightMatching.permute(original.model, values, permutations);
      permuted.model.variables().assign(permuted.session, permutedValues);
      float[] expected = original.logits(batch);
      float[] actual = permuted.logits(batch);
      assertEquals(3 * 10, actual.length);
      float diff = ModelFixture.maxAbsDiff(expected, actual);
      assertTrue(diff <= 1e-5, "logits differ by " + diff);
      assertTrue(
          ModelFixture.maxAbsDiff(values.get("conv1_kernel"), permutedValues.get("conv1_kernel"))
              > 1e-3,
          "the permutation must move conv1's filters");
    }
  }

  @Test
  void alignmentUndoesAHiddenPermutationExactly() {
    try (ModelFixture source = new ModelFixture("cifar-quick", 10, "plain", 1)) {
      source.trainSteps(2, 6);
      Map<String, float[]> values = distinctValues(source, 7);
      SourceModel reference =
          new SourceModel("m1", "cifar-quick", 10, values, source.model.deployedShapes());
      Map<String, float[]> shuffled =
          WeightMatching.permute(
              source.model, values, randomPermutations(source.model.kernelLayers(), 8));
      SourceModel other =
          new SourceModel("m2", "cifar-quick", 10, shuffled, source.model.deployedShapes());
      SourceModel aligned = WeightMatching.align(source.model, reference, other);
      assertEquals("m2 (aligned to m1)", aligned.name());
      values.forEach((name, v) -> assertArrayEquals(v, aligned.variables().get(name), name));
    }
  }

  /**
   * Moving statistics are data, not parameters: a source whose statistics were measured elsewhere
   * (here: every unit's moving variance scaled by its own factor up to 1000, its moving mean
   * shifted) must still be matched by its parameters, and keep its own statistics, permuted.
   */
  @Test
  void movingStatisticsDoNotSteerTheMatching() {
    try (ModelFixture source = new ModelFixture("cifar-quick", 10, "plain", 1)) {
      source.trainSteps(2, 6);
      Map<String, float[]> values = distinctValues(source, 7);
      SourceModel reference =
          new SourceModel("m1", "cifar-quick", 10, values, source.model.deployedShapes());
      Map<String, float[]> restated = new LinkedHashMap<>(values);
      Random random = new Random(9);
      restated.replaceAll(
          (name, v) -> {
            float[] changed = v.clone();
            for (int i = 0; i < changed.length; i++) {
              if (name.endsWith("_moving_variance")) {
                changed[i] *= (float) Math.exp(random.nextDouble() * Math.log(1000));
              } else if (name.endsWith("_moving_mean")) {
                changed[i] += (float) (30 * random.nextGaussian());
              }
            }
            return changed;
          });
      Map<String, float[]> shuffled =
          WeightMatching.permute(
              source.model, restated, randomPermutations(source.model.kernelLayers(), 8));
      SourceModel other =
          new SourceModel("m2", "cifar-quick", 10, shuffled, source.model.deployedShapes());
      SourceModel aligned = WeightMatching.align(source.model, reference, other);
      restated.forEach((name, v) -> assertArrayEquals(v, aligned.variables().get(name), name));
    }
  }

  @Test
  void residualArchitecturesAreRefused() {
    try (ModelFixture wrn = new ModelFixture("wrn-10-1", 10, "plain", 1)) {
      SourceModel source =
          new SourceModel(
              "m1",
              "wrn-10-1",
              10,
              wrn.model.deployedValues(wrn.session),
              wrn.model.deployedShapes());
      assertEquals(
          "aligned stacking matches the units of sequential architectures [cifar-quick, vgg16], not"
              + " wrn-10-1 (its residual connections tie the permutations of several layers)",
          assertThrows(
                  IllegalArgumentException.class,
                  () -> WeightMatching.align(wrn.model, source, source))
              .getMessage());
    }
  }
}
