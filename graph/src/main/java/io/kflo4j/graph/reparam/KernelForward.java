package io.kflo4j.graph.reparam;

import io.kflo4j.graph.core.Mode;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/** How a layer's output is computed on one path from its input and its linear op. */
@FunctionalInterface
public interface KernelForward {

  /** The layer's output (bias included) on {@code input} for {@code mode}. */
  Operand<TFloat32> apply(Operand<TFloat32> input, Mode mode, KernelOp op);
}
