package io.kflo4j.graph.layers;

import io.kflo4j.graph.core.Mode;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A layer whose variables exist already; {@link #apply} adds its ops for one path and may be called
 * once per {@link Mode}, so the training and inference paths share the variables.
 */
@FunctionalInterface
public interface Layer {

  /** Adds this layer's ops on {@code input} for the given path and returns the output. */
  Operand<TFloat32> apply(Operand<TFloat32> input, Mode mode);
}
