package io.kflo4j.graph.reparam;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The capability to start a layer from the kernels of several pretrained (plain, collapsed) source
 * models, which transfer asks of a target's parameterization.
 */
public interface SourceStacking {

  /**
   * One source layer's deployed weights.
   *
   * @param kernel the kernel, deployed layout
   * @param bias its bias, where the layer has one
   */
  record SourceLayer(float[] kernel, Optional<float[]> bias) {}

  /** How many sources one layer can hold. */
  int capacity();

  /**
   * Checks that {@code sources} models fit.
   *
   * @throws IllegalArgumentException saying how many fit and what to use instead
   */
  default void checkCapacity(int sources) {
    if (sources > capacity()) {
      throw new IllegalArgumentException(
          "this target holds at most " + capacity() + " source models, got " + sources);
    }
  }

  /**
   * The variable values that make layer {@code shape} start from {@code sources} (at most {@link
   * #capacity()}).
   *
   * @param current the layer's freshly initialized values, by variable name (for the parts sources
   *     do not fill)
   * @param average whether the layer should start as the sources' mean rather than as the first
   *     source
   * @return values by variable name
   */
  Map<String, float[]> stack(
      KernelShape shape, List<SourceLayer> sources, Map<String, float[]> current, boolean average);
}
