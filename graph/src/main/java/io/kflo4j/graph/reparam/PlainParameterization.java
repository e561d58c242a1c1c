package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import io.kflo4j.graph.variables.VariableStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The kernel is a variable: {@code <layer>_kernel} (and {@code <layer>_bias}), initialized as
 * PyTorch does (uniform, bound 1/sqrt(fan-in)), vanilla decay. These are also the names of every
 * exported (collapsed) model's variables. As a transfer target a plain layer holds one source.
 */
public final class PlainParameterization implements KernelParameterization, SourceStacking {
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
  public KernelGenerator start(BuildContext context) {
    return shape -> create(shape, context.store(), context.tf());
  }

  private static GeneratedKernel create(KernelShape shape, VariableStore store, Ops tf) {
    Initializer init = Initializer.pytorchDefault(shape.fanIn());
    List<ModelVariable> variables = new ArrayList<>();
    List<DecayTerm> decay = new ArrayList<>();
    ModelVariable kernel =
        store.create(kernelName(shape.layerName()), shape.kernelShape(), VariableRole.KERNEL, init);
    Operand<TFloat32> kernelRead = tf.identity(kernel.variable());
    variables.add(kernel);
    decay.add(new DecayTerm(kernel.name(), kernelRead, Decay.VANILLA));
    Optional<Operand<TFloat32>> biasRead = plainBias(shape, store, tf, variables, decay);
    return GeneratedKernel.direct(tf, shape, kernelRead, biasRead, variables, decay);
  }

  /**
   * Where the layer has a bias, a plain bias variable {@code <layer>_bias} (PyTorch's
   * initialization, vanilla decay), added to {@code variables} and {@code decay}: for
   * parameterizations that reparameterize only the kernel.
   */
  static Optional<Operand<TFloat32>> plainBias(
      KernelShape shape,
      VariableStore store,
      Ops tf,
      List<ModelVariable> variables,
      List<DecayTerm> decay) {
    if (!shape.hasBias()) {
      return Optional.empty();
    }
    ModelVariable bias =
        store.create(
            biasName(shape.layerName()),
            new long[] {shape.outChannels()},
            VariableRole.BIAS,
            Initializer.pytorchDefault(shape.fanIn()));
    Operand<TFloat32> read = tf.identity(bias.variable());
    variables.add(bias);
    decay.add(new DecayTerm(bias.name(), read, Decay.VANILLA));
    return Optional.of(read);
  }

  @Override
  public int capacity() {
    return 1;
  }

  @Override
  public void checkCapacity(int sources) {
    if (sources > 1) {
      throw new IllegalArgumentException(
          "a plain target holds one source model, got "
              + sources
              + ": stack them into a KFLO network with --reparam kflo:2x"
              + sources
              + ", let --stacking best pick one, or pass a single --from model");
    }
  }

  @Override
  public Map<String, float[]> stack(
      KernelShape shape, List<SourceLayer> sources, Map<String, float[]> current, boolean average) {
    SourceLayer source = sources.get(0);
    Map<String, float[]> values = new LinkedHashMap<>();
    values.put(kernelName(shape.layerName()), source.kernel().clone());
    if (shape.hasBias()) {
      values.put(biasName(shape.layerName()), source.bias().orElseThrow().clone());
    }
    return values;
  }

  @Override
  public String toString() {
    return SPEC;
  }
}
