package io.kflo4j.graph.layers;

import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.reparam.GeneratedKernel;
import io.kflo4j.graph.reparam.KernelOp;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Fully connected layer on [N, in] inputs, kernel [in, out] from the parameterization. */
public final class Dense implements KernelLayer {
  private final Ops tf;
  private final GeneratedKernel generated;
  private final LayerOutputs outputs;

  Dense(Ops tf, GeneratedKernel generated) {
    this.tf = tf;
    this.generated = generated;
    this.outputs = new LayerOutputs(generated.shape().layerName());
  }

  @Override
  public GeneratedKernel generated() {
    return generated;
  }

  @Override
  public long outputPositions() {
    return 1;
  }

  @Override
  public Operand<TFloat32> output(Mode mode) {
    return outputs.get(mode);
  }

  @Override
  public Optional<BatchNorm> batchNorm() {
    return Optional.empty();
  }

  @Override
  public Operand<TFloat32> apply(Operand<TFloat32> input, Mode mode) {
    KernelOp matMul =
        new KernelOp() {
          @Override
          public Operand<TFloat32> apply(Operand<TFloat32> x, Operand<TFloat32> kernel) {
            return tf.linalg.matMul(x, kernel);
          }

          @Override
          public boolean centred() {
            return true;
          }
        };
    Operand<TFloat32> output = generated.forward().apply(input, mode, matMul);
    return outputs.record(mode, output);
  }
}
