package io.kflo4j.graph.arch;

import io.kflo4j.graph.layers.Activations;
import io.kflo4j.graph.layers.Layer;
import io.kflo4j.graph.layers.LayerFactory;
import io.kflo4j.graph.layers.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.op.Ops;

/**
 * DiracNet-D-K (Zagoruyko and Komodakis): the layout of WRN-D-K without skip connections, for the
 * {@code dirac} parameterization to replace them. Stem {@code conv0} 3x3 to 16 + BN + ReLU, then
 * three groups of 2N = (D-4)/3 conv3x3 + BN + ReLU of widths 16K, 32K, 64K, 2x2 max pooling before
 * groups 2 and 3, global average pooling and {@code fc}. Layers: {@code conv0}, {@code g<G>c<I>} (I
 * = 1..2N), {@code fc}; batch norms {@code conv0_bn}, {@code g<G>c<I>_bn}. The first conv of a
 * group changes the width, so under {@code dirac} it stays plain.
 */
public final class DiracNet implements Architecture {
  private final ResidualLayout layout;

  /** DiracNet-{@code depth}-{@code widen}. */
  public DiracNet(int depth, int widen) {
    this.layout = ResidualLayout.of("DiracNet", depth, widen);
  }

  @Override
  public String spec() {
    return "diracnet-" + layout.depth() + "-" + layout.widen();
  }

  @Override
  public Map<String, Integer> arguments() {
    return layout.arguments();
  }

  @Override
  public Network create(LayerFactory f, int numClasses) {
    Ops tf = f.tf();
    int convsPerGroup = 2 * layout.blocksPerGroup();
    List<Layer> layers = new ArrayList<>();
    layers.add(f.convBatchNorm("conv0", 3, 3, 16, 1, Padding.SAME));
    layers.add(Activations.relu(tf));
    int channels = 16;
    for (int group = 0; group < 3; group++) {
      if (group > 0) {
        layers.add(Activations.maxPool(tf, 2, 2, Padding.VALID));
      }
      int width = (16 << group) * layout.widen();
      for (int conv = 1; conv <= convsPerGroup; conv++) {
        layers.add(
            f.convBatchNorm("g" + (group + 1) + "c" + conv, 3, channels, width, 1, Padding.SAME));
        layers.add(Activations.relu(tf));
        channels = width;
      }
    }
    layers.add(Activations.globalAveragePool(tf));
    return new Network(
        Activations.sequential(layers), f.dense("fc", channels, numClasses), channels);
  }
}
