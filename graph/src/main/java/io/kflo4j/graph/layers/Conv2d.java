package io.kflo4j.graph.layers;

import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.reparam.GeneratedKernel;
import io.kflo4j.graph.reparam.KernelOp;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** 2-D convolution, NHWC, kernel HWIO from the parameterization. */
public final class Conv2d implements KernelLayer {
  private final Ops tf;
  private final GeneratedKernel generated;
  private final LayerOutputs outputs;
  private final int stride;
  private final Padding padding;
  private BatchNorm batchNorm;
  private long outputPositions = -1;

  Conv2d(Ops tf, GeneratedKernel generated, int stride, Padding padding) {
    this.tf = tf;
    this.generated = generated;
    this.outputs = new LayerOutputs(generated.shape().layerName());
    this.stride = stride;
    this.padding = padding;
  }

  void attachBatchNorm(BatchNorm batchNorm) {
    this.batchNorm = batchNorm;
  }

  @Override
  public GeneratedKernel generated() {
    return generated;
  }

  /** The stride along both spatial axes. */
  public int stride() {
    return stride;
  }

  /** The padding. */
  public Padding padding() {
    return padding;
  }

  @Override
  public long outputPositions() {
    if (outputPositions < 0) {
      throw new IllegalStateException("layer '" + name() + "' has not been applied yet");
    }
    return outputPositions;
  }

  @Override
  public Operand<TFloat32> output(Mode mode) {
    return outputs.get(mode);
  }

  @Override
  public Optional<BatchNorm> batchNorm() {
    return Optional.ofNullable(batchNorm);
  }

  @Override
  public Operand<TFloat32> apply(Operand<TFloat32> input, Mode mode) {
    KernelOp op =
        new KernelOp() {
          @Override
          public Operand<TFloat32> apply(Operand<TFloat32> x, Operand<TFloat32> kernel) {
            return tf.nn.conv2d(
                x, kernel, List.of(1L, (long) stride, (long) stride, 1L), padding.name());
          }

          @Override
          public boolean centred() {
            return stride == 1 && padding == Padding.SAME;
          }
        };
    Operand<TFloat32> output = generated.forward().apply(input, mode, op);
    outputPositions = output.shape().get(1) * output.shape().get(2);
    return outputs.record(mode, output);
  }
}
