package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.ModelVariable;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What a parameterization produced for one layer: the kernel (and bias) the conv or matmul uses, in the deployed
 * shape, plus the variables behind them and the tensors weight decay may apply to. The kernel is also the collapsed
 * kernel export evaluates.
 *
 * @param shape the deployed shape
 * @param kernel the kernel used by the layer, deployed shape
 * @param bias the bias used by the layer, if it has one
 * @param variables the trainable variables the kernel and bias are computed from
 * @param decayTerms tensors for weight decay with their roles
 */
public record GeneratedKernel(
    KernelShape shape,
    Operand<TFloat32> kernel,
    Optional<Operand<TFloat32>> bias,
    List<ModelVariable> variables,
    List<DecayTerm> decayTerms) {

  /** Scalars in the variables: the layer's train-time parameter count. */
  public long trainParameters() {
    return variables.stream().mapToLong(ModelVariable::size).sum();
  }
}
