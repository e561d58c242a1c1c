package io.kflo4j.graph.arch;

import io.kflo4j.graph.layers.Activations;
import io.kflo4j.graph.layers.LayerFactory;
import io.kflo4j.graph.layers.Padding;
import java.util.List;
import org.tensorflow.op.Ops;

/**
 * Cifar-quick with batch norm: three conv5x5 (32, 32, 64) + BN + ReLU, each followed by a 3x3
 * stride-2 pool (max, avg, avg: 32 to 15 to 7 to 3), then flatten 576, {@code fc1} 64 + ReLU,
 * {@code fc2} classes. Layers: {@code conv1, conv2, conv3, fc1, fc2}; batch norms {@code conv1_bn,
 * conv2_bn, conv3_bn}.
 */
public final class CifarQuick implements Architecture {
  /** The spec of this architecture. */
  public static final String SPEC = "cifar-quick";

  @Override
  public String spec() {
    return SPEC;
  }

  @Override
  public Network create(LayerFactory f, int numClasses) {
    Ops tf = f.tf();
    return new Network(
        Activations.sequential(
            List.of(
                f.convBatchNorm("conv1", 5, 3, 32, 1, Padding.SAME),
                Activations.relu(tf),
                Activations.maxPool(tf, 3, 2, Padding.VALID),
                f.convBatchNorm("conv2", 5, 32, 32, 1, Padding.SAME),
                Activations.relu(tf),
                Activations.avgPool(tf, 3, 2, Padding.VALID),
                f.convBatchNorm("conv3", 5, 32, 64, 1, Padding.SAME),
                Activations.relu(tf),
                Activations.avgPool(tf, 3, 2, Padding.VALID),
                Activations.flatten(tf),
                f.dense("fc1", 576, 64),
                Activations.relu(tf))),
        f.dense("fc2", 64, numClasses),
        64);
  }
}
