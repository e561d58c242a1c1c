package io.kflo4j.graph.reparam;

import java.util.Optional;

/**
 * How conv and dense layers get their kernels from trainable variables. A model build calls {@link
 * #start} once and asks the generator for every layer; layers, training, export and transfer know
 * nothing else about a parameterization. A new one is one implementation of this interface plus its
 * line in {@link Parameterizations}.
 *
 * <p>Contract: per-layer variables are named {@code <layer>_<suffix>} with flat suffixes,
 * model-level ones {@code <parameterization>_shared_<suffix>}; a layer's deployed kernel and bias
 * have the deployed shape and, in inference mode, the layer computes exactly what a plain layer
 * with the deployed kernel and bias computes.
 */
public interface KernelParameterization {

  /** The spec that parses back to this parameterization, e.g. {@code plain} or {@code kflo:2x4}. */
  String spec();

  /** Starts generating the layers of one model build. */
  KernelGenerator start(BuildContext context);

  /**
   * An optional capability of this parameterization, such as {@link SourceStacking}; empty when it
   * has none.
   *
   * @param type the capability's interface
   */
  default <C> Optional<C> capability(Class<C> type) {
    return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
  }
}
