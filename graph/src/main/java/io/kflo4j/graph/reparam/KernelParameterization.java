package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.VariableStore;
import org.tensorflow.op.Ops;

/**
 * How a conv or dense layer's kernel is produced from trainable variables. Layers and architectures only call
 * {@link #create}; a new parameterization (ACNet, DO-Conv, Dirac, ...) is one more implementation of this interface
 * plus its spec in {@link Parameterizations}.
 *
 * <p>Contract: the variables are named {@code <layer>_<suffix>} with flat suffixes, and the returned kernel and bias
 * have the deployed shape and initially equal what a plain layer initialized the same way would have.
 */
public interface KernelParameterization {

  /** The spec that parses back to this parameterization, e.g. {@code plain} or {@code kflo:2x4}. */
  String spec();

  /** Creates the layer's variables in {@code store} and the graph that generates its kernel and bias. */
  GeneratedKernel create(KernelShape shape, VariableStore store, Ops tf);

  /** Scalars of the variables this parameterization creates for a layer of that shape. */
  long trainParameters(KernelShape shape);
}
