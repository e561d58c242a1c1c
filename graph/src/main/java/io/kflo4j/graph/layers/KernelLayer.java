package io.kflo4j.graph.layers;

import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.reparam.GeneratedKernel;
import io.kflo4j.graph.reparam.KernelShape;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A conv or dense layer: a kernel-bearing layer whose kernel comes from the model's
 * parameterization.
 */
public interface KernelLayer extends Layer {

  /** The layer's flat name, prefix of its variables. */
  default String name() {
    return shape().layerName();
  }

  /** The deployed kernel shape. */
  default KernelShape shape() {
    return generated().shape();
  }

  /** The generated kernel, bias and variables. */
  GeneratedKernel generated();

  /**
   * Output positions per image (H x W of the output for a conv, 1 for dense); known once applied.
   */
  long outputPositions();

  /**
   * The layer's output on a built path, before any batch norm or activation: per output unit, what
   * measurements such as unit correlations read.
   *
   * @throws IllegalStateException when the layer was not applied on that path
   */
  Operand<TFloat32> output(Mode mode);

  /** The batch norm applied directly to this layer's output, if any (a foldable pair). */
  Optional<BatchNorm> batchNorm();

  /**
   * Forward multiply-adds x 2 per image: 2 * fan-in * out * positions (+ out * positions for a
   * bias).
   */
  default long forwardFlops() {
    KernelShape shape = shape();
    long flops = 2 * shape.fanIn() * shape.outChannels() * outputPositions();
    return shape.hasBias() ? flops + (long) shape.outChannels() * outputPositions() : flops;
  }
}
