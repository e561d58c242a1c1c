package io.kflo4j.transfer.init;

import io.kflo4j.graph.Model;

/**
 * Permutes the hidden units of one source so that they correspond to another's; the permuted source
 * computes exactly what it computed before.
 */
@FunctionalInterface
public interface UnitAlignment {
  /**
   * {@code other} with its hidden units permuted to correspond to {@code reference}'s.
   *
   * @param model a network of the sources' architecture (for its layers)
   */
  SourceModel align(Model model, SourceModel reference, SourceModel other);

  /** Weight matching (no data). */
  static UnitAlignment weights() {
    return WeightMatching::align;
  }

  /** A random permutation of every hidden layer from {@code seed}: the control. */
  static UnitAlignment random(long seed) {
    return (model, reference, other) -> {
      java.util.Random random = new java.util.Random(seed ^ other.name().hashCode());
      var layers = model.kernelLayers();
      int[][] permutations = new int[layers.size() - 1][];
      for (int l = 0; l < permutations.length; l++) {
        java.util.List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < layers.get(l).shape().outChannels(); i++) {
          order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        permutations[l] = order.stream().mapToInt(Integer::intValue).toArray();
      }
      return WeightMatching.permuted(model, other, permutations, "randomly permuted");
    };
  }
}
