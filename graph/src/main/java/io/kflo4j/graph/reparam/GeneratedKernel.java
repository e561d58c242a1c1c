package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.ModelVariable;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What a parameterization produced for one layer: how the layer computes its output on each path,
 * the deployed (collapsed) kernel and bias that export evaluates, the variables behind them and the
 * tensors weight decay may apply to.
 *
 * <p>A deployed bias on a layer whose shape has none is allowed only when a batch norm follows the
 * layer ({@link KernelShape#batchNormAfter()}): export absorbs it into that batch norm's moving
 * mean.
 *
 * @param shape the deployed shape
 * @param kernel the deployed kernel, deployed shape
 * @param bias the deployed bias, if any
 * @param variables the variables the layer owns (kernel factors, biases, per-branch batch norms)
 * @param decayTerms tensors for weight decay with their decay classes
 * @param forward the layer's computation on each path
 */
public record GeneratedKernel(
    KernelShape shape,
    Operand<TFloat32> kernel,
    Optional<Operand<TFloat32>> bias,
    List<ModelVariable> variables,
    List<DecayTerm> decayTerms,
    KernelForward forward) {

  /** Copies the lists. */
  public GeneratedKernel {
    variables = List.copyOf(variables);
    decayTerms = List.copyOf(decayTerms);
  }

  /**
   * A layer that applies its deployed kernel and bias directly on both paths (plain, KFLO, DO-Conv:
   * anything whose train-time layer is one linear op on a generated kernel).
   */
  public static GeneratedKernel direct(
      Ops tf,
      KernelShape shape,
      Operand<TFloat32> kernel,
      Optional<Operand<TFloat32>> bias,
      List<ModelVariable> variables,
      List<DecayTerm> decayTerms) {
    KernelForward forward =
        (input, mode, op) -> {
          Operand<TFloat32> output = op.apply(input, kernel);
          return bias.isPresent() ? tf.nn.biasAdd(output, bias.get()) : output;
        };
    return new GeneratedKernel(shape, kernel, bias, variables, decayTerms, forward);
  }

  /**
   * Whether the layer's variables are a plain layer's, {@code <layer>_kernel} and maybe {@code
   * <layer>_bias}: a parameterization that does not fit the layer left it plain.
   */
  public boolean isPlain() {
    String layer = shape.layerName();
    return variables.stream()
        .map(ModelVariable::name)
        .allMatch(
            name ->
                name.equals(PlainParameterization.kernelName(layer))
                    || name.equals(PlainParameterization.biasName(layer)));
  }

  /** Scalars in the layer's variables (moving statistics of its own batch norms included). */
  public long trainParameters() {
    return variables.stream().mapToLong(ModelVariable::size).sum();
  }
}
