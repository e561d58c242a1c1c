package io.kflo4j.training.loop;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One rate factor per layer for its cascade kernels ({@link VariableRole#CASCADE}), fed with every
 * step (1 unless set): {@code --cascade-lr-scale} sets them once, or per layer from a measured step
 * ratio.
 */
final class CascadeScales {
  private final Map<String, Operand<TFloat32>> placeholders = new LinkedHashMap<>();
  private final Map<String, String> layerOfVariable = new HashMap<>();

  CascadeScales(Ops tf, Model model) {
    for (KernelLayer layer : model.kernelLayers()) {
      for (ModelVariable variable : layer.generated().variables()) {
        if (variable.role() == VariableRole.CASCADE) {
          layerOfVariable.put(variable.name(), layer.name());
          placeholders.computeIfAbsent(
              layer.name(),
              name ->
                  tf.withName("cascade_lr_scale_" + name)
                      .placeholderWithDefault(tf.constant(1f), Shape.scalar()));
        }
      }
    }
  }

  /** The layers that have cascade kernels, in the model's order. */
  List<String> layers() {
    return new ArrayList<>(placeholders.keySet());
  }

  /** The layer whose cascade {@code variable} is, if it is a cascade kernel. */
  Optional<String> layerOf(ModelVariable variable) {
    return Optional.ofNullable(layerOfVariable.get(variable.name()));
  }

  /** {@code rate} times the factor of {@code variable}'s layer when it is a cascade kernel. */
  Operand<TFloat32> scaled(Ops tf, ModelVariable variable, Operand<TFloat32> rate) {
    String layer = layerOfVariable.get(variable.name());
    return layer == null ? rate : tf.math.mul(rate, placeholders.get(layer));
  }

  /** The placeholders to feed for {@code scales} (layer name to factor; absent layers keep 1). */
  Map<Operand<TFloat32>, Float> feeds(Map<String, Double> scales) {
    Map<Operand<TFloat32>, Float> feeds = new LinkedHashMap<>();
    scales.forEach(
        (layer, scale) -> {
          Operand<TFloat32> placeholder = placeholders.get(layer);
          if (placeholder == null) {
            throw new IllegalArgumentException(
                "layer '" + layer + "' has no cascade kernels; layers with some: " + layers());
          }
          feeds.put(placeholder, scale.floatValue());
        });
    return feeds;
  }
}
