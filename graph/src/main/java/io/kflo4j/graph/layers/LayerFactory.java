package io.kflo4j.graph.layers;

import io.kflo4j.graph.reparam.KernelParameterization;
import io.kflo4j.graph.reparam.KernelShape;
import io.kflo4j.graph.variables.VariableStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

/**
 * Creates a network's layers and their variables: every conv and dense kernel through the one parameterization,
 * so architectures never name a parameterization. Records the kernel-bearing layers in creation order and collects
 * the batch-norm update ops of the training path.
 */
public final class LayerFactory {
  private final Ops tf;
  private final VariableStore store;
  private final KernelParameterization parameterization;
  private final List<KernelLayer> kernelLayers = new ArrayList<>();
  private final List<BatchNorm> batchNorms = new ArrayList<>();
  private final List<Op> batchNormUpdates = new ArrayList<>();
  private final long seed;

  /**
   * A factory over {@code store}.
   *
   * @param seed seeds the graph's random ops (dropout)
   */
  public LayerFactory(Ops tf, VariableStore store, KernelParameterization parameterization, long seed) {
    this.tf = tf;
    this.store = store;
    this.parameterization = parameterization;
    this.seed = seed;
  }

  /** The ops this factory builds with. */
  public Ops tf() {
    return tf;
  }

  /** A k x k convolution without bias. */
  public Conv2d conv(String name, int k, int in, int out, int stride, Padding padding) {
    Conv2d conv = new Conv2d(tf, parameterization.create(KernelShape.conv(name, k, k, in, out, false), store, tf),
        stride, padding);
    kernelLayers.add(conv);
    return conv;
  }

  /** Batch norm named {@code name} over {@code channels}. */
  public BatchNorm batchNorm(String name, int channels) {
    BatchNorm batchNorm = new BatchNorm(tf, store, name, channels, batchNormUpdates::add);
    batchNorms.add(batchNorm);
    return batchNorm;
  }

  /** Conv (no bias) followed by its batch norm {@code <name>_bn}, a pair that export can fold. */
  public Layer convBatchNorm(String name, int k, int in, int out, int stride, Padding padding) {
    Conv2d conv = conv(name, k, in, out, stride, padding);
    BatchNorm batchNorm = batchNormAfter(conv, name + "_bn");
    return Activations.sequential(List.of(conv, batchNorm));
  }

  /** A batch norm applied directly to {@code conv}'s output (a foldable pair). */
  public BatchNorm batchNormAfter(Conv2d conv, String name) {
    BatchNorm batchNorm = batchNorm(name, conv.shape().outChannels());
    conv.attachBatchNorm(batchNorm);
    return batchNorm;
  }

  /** A dense layer with bias. */
  public Dense dense(String name, int in, int out) {
    Dense dense = new Dense(tf, parameterization.create(KernelShape.dense(name, in, out, true), store, tf));
    kernelLayers.add(dense);
    return dense;
  }

  /** Dropout with a seed derived from the factory's seed and a per-layer index. */
  public Layer dropout(double rate, int index) {
    return Activations.dropout(tf, rate, seed * 1_000_003L + index);
  }

  /** Kernel-bearing layers in creation order. */
  public List<KernelLayer> kernelLayers() {
    return List.copyOf(kernelLayers);
  }

  /** Batch norms in creation order. */
  public List<BatchNorm> batchNorms() {
    return List.copyOf(batchNorms);
  }

  /** Moving-statistics updates added by training-path applications so far. */
  public List<Op> batchNormUpdates() {
    return List.copyOf(batchNormUpdates);
  }
}
