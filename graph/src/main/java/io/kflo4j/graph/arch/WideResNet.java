package io.kflo4j.graph.arch;

import io.kflo4j.graph.layers.Activations;
import io.kflo4j.graph.layers.BatchNorm;
import io.kflo4j.graph.layers.Conv2d;
import io.kflo4j.graph.layers.Layer;
import io.kflo4j.graph.layers.LayerFactory;
import io.kflo4j.graph.layers.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Wide ResNet WRN-D-K: stem {@code conv0} 3x3 to 16, three groups of N = (D-4)/6 pre-activation
 * wide-dropout blocks of widths 16K, 32K, 64K (strides 1, 2, 2), then BN-ReLU, global average
 * pooling and {@code fc}.
 *
 * <p>Block {@code g<G>b<B>}: {@code bn1}-ReLU-{@code conv1} (3x3, stride)-{@code
 * bn2}-ReLU-dropout-{@code conv2} (3x3), plus the input, or {@code shortcut} (1x1 conv of the
 * pre-activated input) where the shape changes.
 */
public final class WideResNet implements Architecture {
  private final ResidualLayout layout;
  private final double dropout;

  /**
   * WRN-{@code depth}-{@code widen}.
   *
   * @param dropout rate between the two convs of a block, in training only (0 disables)
   */
  public WideResNet(int depth, int widen, double dropout) {
    this.layout = ResidualLayout.of("WRN", depth, widen);
    this.dropout = dropout;
  }

  @Override
  public String spec() {
    return "wrn-" + layout.depth() + "-" + layout.widen();
  }

  @Override
  public Map<String, Integer> arguments() {
    return layout.arguments();
  }

  @Override
  public Network create(LayerFactory f, int numClasses) {
    Ops tf = f.tf();
    int blocksPerGroup = layout.blocksPerGroup();
    int widen = layout.widen();
    int[] widths = {16 * widen, 32 * widen, 64 * widen};
    List<Layer> layers = new ArrayList<>();
    layers.add(f.conv("conv0", 3, 3, 16, 1, Padding.SAME));
    int channels = 16;
    int blockIndex = 0;
    for (int group = 0; group < 3; group++) {
      for (int block = 0; block < blocksPerGroup; block++) {
        int stride = (group > 0 && block == 0) ? 2 : 1;
        String name = "g" + (group + 1) + "b" + (block + 1);
        layers.add(block(f, name, channels, widths[group], stride, blockIndex++));
        channels = widths[group];
      }
    }
    layers.add(f.batchNorm("bn_final", channels));
    layers.add(Activations.relu(tf));
    layers.add(Activations.globalAveragePool(tf));
    return new Network(
        Activations.sequential(layers), f.dense("fc", channels, numClasses), channels);
  }

  private Layer block(LayerFactory f, String name, int in, int out, int stride, int index) {
    Ops tf = f.tf();
    BatchNorm bn1 = f.batchNorm(name + "_bn1", in);
    Conv2d conv1 = f.convBeforeBatchNorm(name + "_conv1", 3, in, out, stride, Padding.SAME);
    BatchNorm bn2 = f.batchNormAfter(conv1, name + "_bn2");
    Layer dropoutLayer = f.dropout(dropout, index);
    Conv2d conv2 = f.conv(name + "_conv2", 3, out, out, 1, Padding.SAME);
    Conv2d shortcut =
        (in == out && stride == 1)
            ? null
            : f.conv(name + "_shortcut", 1, in, out, stride, Padding.VALID);
    Layer relu = Activations.relu(tf);
    return (input, mode) -> {
      Operand<TFloat32> activated = relu.apply(bn1.apply(input, mode), mode);
      Operand<TFloat32> residual = shortcut == null ? input : shortcut.apply(activated, mode);
      Operand<TFloat32> y = conv1.apply(activated, mode);
      y = relu.apply(bn2.apply(y, mode), mode);
      y = conv2.apply(dropoutLayer.apply(y, mode), mode);
      return tf.math.add(residual, y);
    };
  }
}
