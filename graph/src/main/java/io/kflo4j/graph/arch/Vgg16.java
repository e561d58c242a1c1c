package io.kflo4j.graph.arch;

import io.kflo4j.graph.layers.Activations;
import io.kflo4j.graph.layers.Layer;
import io.kflo4j.graph.layers.LayerFactory;
import io.kflo4j.graph.layers.Padding;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.op.Ops;

/**
 * VGG16 with batch norm for CIFAR: 13 conv3x3 + BN + ReLU with widths
 * 64,64,M,128,128,M,256,256,256,M,512,512,512, M,512,512,512,M (M = 2x2 max pool), global average
 * pooling, {@code fc1} 512 + ReLU, {@code fc2} classes; no dropout. Layers {@code conv1..conv13,
 * fc1, fc2}.
 */
public final class Vgg16 implements Architecture {
  /** The spec of this architecture. */
  public static final String SPEC = "vgg16";

  private static final int POOL = -1;
  private static final int[] PLAN = {
    64, 64, POOL, 128, 128, POOL, 256, 256, 256, POOL, 512, 512, 512, POOL, 512, 512, 512, POOL
  };

  @Override
  public String spec() {
    return SPEC;
  }

  @Override
  public Network create(LayerFactory f, int numClasses) {
    Ops tf = f.tf();
    List<Layer> layers = new ArrayList<>();
    int channels = 3;
    int convIndex = 0;
    for (int width : PLAN) {
      if (width == POOL) {
        layers.add(Activations.maxPool(tf, 2, 2, Padding.VALID));
      } else {
        convIndex++;
        layers.add(f.convBatchNorm("conv" + convIndex, 3, channels, width, 1, Padding.SAME));
        layers.add(Activations.relu(tf));
        channels = width;
      }
    }
    layers.add(Activations.globalAveragePool(tf));
    layers.add(f.dense("fc1", channels, 512));
    layers.add(Activations.relu(tf));
    return new Network(Activations.sequential(layers), f.dense("fc2", 512, numClasses), 512);
  }
}
