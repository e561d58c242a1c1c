package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import io.kflo4j.graph.variables.VariableStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The kernel is a variable: {@code <layer>_kernel} (and {@code <layer>_bias}), initialized as PyTorch does
 * (uniform, bound 1/sqrt(fan-in)). These are also the names of every exported (collapsed) model's variables.
 */
public final class PlainParameterization implements KernelParameterization {
  /** The spec of this parameterization. */
  public static final String SPEC = "plain";

  @Override
  public String spec() {
    return SPEC;
  }

  /** The deployed kernel variable name of a layer. */
  public static String kernelName(String layerName) {
    return layerName + "_kernel";
  }

  /** The deployed bias variable name of a layer. */
  public static String biasName(String layerName) {
    return layerName + "_bias";
  }

  @Override
  public GeneratedKernel create(KernelShape shape, VariableStore store, Ops tf) {
    Initializer init = Initializer.pytorchDefault(shape.fanIn());
    List<ModelVariable> variables = new ArrayList<>();
    List<DecayTerm> decay = new ArrayList<>();
    ModelVariable kernel =
        store.create(kernelName(shape.layerName()), shape.kernelShape(), VariableRole.PLAIN_KERNEL, init);
    Operand<TFloat32> kernelRead = tf.identity(kernel.variable());
    variables.add(kernel);
    decay.add(new DecayTerm(kernel.name(), kernelRead, kernel.role()));
    Optional<Operand<TFloat32>> biasRead = Optional.empty();
    if (shape.hasBias()) {
      ModelVariable bias =
          store.create(biasName(shape.layerName()), new long[] {shape.outChannels()}, VariableRole.BIAS, init);
      biasRead = Optional.of(tf.identity(bias.variable()));
      variables.add(bias);
      decay.add(new DecayTerm(bias.name(), biasRead.get(), bias.role()));
    }
    return new GeneratedKernel(shape, kernelRead, biasRead, variables, decay);
  }

  @Override
  public long trainParameters(KernelShape shape) {
    return shape.deployedParameters();
  }

  @Override
  public String toString() {
    return SPEC;
  }
}
