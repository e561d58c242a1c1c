package io.kflo4j.graph.reparam;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The linear op of a kernel layer (its conv with stride and padding, or a matmul), applied to any
 * kernel.
 */
public interface KernelOp {

  /** {@code input} convolved with (or multiplied by) {@code kernel}; no bias. */
  Operand<TFloat32> apply(Operand<TFloat32> input, Operand<TFloat32> kernel);

  /**
   * Whether a k x 1 or 1 x k kernel applied with this op lines up with the centre row or column of
   * the k x k window (stride 1 and SAME padding); otherwise such a kernel must be zero-padded to k
   * x k first.
   */
  boolean centred();
}
