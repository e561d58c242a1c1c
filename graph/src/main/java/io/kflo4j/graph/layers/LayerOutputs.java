package io.kflo4j.graph.layers;

import io.kflo4j.graph.core.Mode;
import java.util.EnumMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** A kernel layer's output on each path it was applied on ({@link KernelLayer#output}). */
final class LayerOutputs {
  private final String layer;
  private final Map<Mode, Operand<TFloat32>> outputs = new EnumMap<>(Mode.class);

  LayerOutputs(String layer) {
    this.layer = layer;
  }

  /** Records the output of the path {@code mode} and returns it. */
  Operand<TFloat32> record(Mode mode, Operand<TFloat32> output) {
    outputs.put(mode, output);
    return output;
  }

  /**
   * The output of the path {@code mode}.
   *
   * @throws IllegalStateException when the layer was not applied on that path
   */
  Operand<TFloat32> get(Mode mode) {
    Operand<TFloat32> output = outputs.get(mode);
    if (output == null) {
      throw new IllegalStateException(
          "layer " + layer + " was not applied on the " + mode + " path");
    }
    return output;
  }
}
