package io.kflo4j.graph.layers;

import io.kflo4j.graph.reparam.BuildContext;
import io.kflo4j.graph.reparam.DecayTerm;
import io.kflo4j.graph.reparam.KernelGenerator;
import io.kflo4j.graph.reparam.KernelParameterization;
import io.kflo4j.graph.reparam.KernelShape;
import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.VariableStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Creates a network's layers and their variables: every conv and dense kernel through the one
 * parameterization's generator (started once per factory, that is per model build), so
 * architectures never name a parameterization. Records the kernel-bearing layers in creation order
 * and collects the batch-norm update ops of the training path, those of batch norms the
 * parameterization owns included.
 */
public final class LayerFactory implements BuildContext {
  private final Ops tf;
  private final VariableStore store;
  private final KernelGenerator generator;
  private final List<KernelLayer> kernelLayers = new ArrayList<>();
  private final List<BatchNorm> batchNorms = new ArrayList<>();
  private final List<Op> batchNormUpdates = new ArrayList<>();
  private final long seed;

  /**
   * A factory over {@code store}.
   *
   * @param seed seeds the graph's random ops (dropout)
   */
  public LayerFactory(
      Ops tf, VariableStore store, KernelParameterization parameterization, long seed) {
    this.tf = tf;
    this.store = store;
    this.seed = seed;
    this.generator = parameterization.start(this);
  }

  /** The ops this factory builds with. */
  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public VariableStore store() {
    return store;
  }

  @Override
  public BatchNorm ownedBatchNorm(String name, int channels, Initializer gammaInit) {
    return new BatchNorm(tf, store, name, channels, gammaInit, batchNormUpdates::add);
  }

  /** A k x k convolution without bias, not followed directly by a batch norm. */
  public Conv2d conv(String name, int k, int in, int out, int stride, Padding padding) {
    return conv(KernelShape.conv(name, k, k, in, out, false), stride, padding);
  }

  /**
   * A k x k convolution without bias that a batch norm will follow directly ({@link
   * #batchNormAfter}); the parameterization knows it when it creates the kernel.
   */
  public Conv2d convBeforeBatchNorm(
      String name, int k, int in, int out, int stride, Padding padding) {
    return conv(KernelShape.conv(name, k, k, in, out, false).withBatchNormAfter(), stride, padding);
  }

  private Conv2d conv(KernelShape shape, int stride, Padding padding) {
    Conv2d conv = new Conv2d(tf, generator.create(shape), stride, padding);
    kernelLayers.add(conv);
    return conv;
  }

  /** Batch norm named {@code name} over {@code channels}. */
  public BatchNorm batchNorm(String name, int channels) {
    BatchNorm batchNorm =
        new BatchNorm(tf, store, name, channels, Initializer.constant(1f), batchNormUpdates::add);
    batchNorms.add(batchNorm);
    return batchNorm;
  }

  /** Conv (no bias) followed by its batch norm {@code <name>_bn}, a pair that export can fold. */
  public Layer convBatchNorm(String name, int k, int in, int out, int stride, Padding padding) {
    Conv2d conv = convBeforeBatchNorm(name, k, in, out, stride, padding);
    BatchNorm batchNorm = batchNormAfter(conv, name + "_bn");
    return Activations.sequential(List.of(conv, batchNorm));
  }

  /**
   * A batch norm applied directly to {@code conv}'s output (a foldable pair).
   *
   * @throws IllegalArgumentException if the conv was not created by {@link #convBeforeBatchNorm}
   */
  public BatchNorm batchNormAfter(Conv2d conv, String name) {
    if (!conv.shape().batchNormAfter()) {
      throw new IllegalArgumentException(
          "conv '"
              + conv.name()
              + "' was not created to be followed by batch norm '"
              + name
              + "': create it with convBeforeBatchNorm");
    }
    BatchNorm batchNorm = batchNorm(name, conv.shape().outChannels());
    conv.attachBatchNorm(batchNorm);
    return batchNorm;
  }

  /** A dense layer with bias. */
  public Dense dense(String name, int in, int out) {
    Dense dense = new Dense(tf, generator.create(KernelShape.dense(name, in, out, true)));
    kernelLayers.add(dense);
    return dense;
  }

  /** Decay terms of the parameterization's model-level (shared) variables. */
  public List<DecayTerm> sharedDecayTerms() {
    return generator.sharedDecayTerms();
  }

  /** The parameterization's own loss terms (scalars). */
  public List<Operand<TFloat32>> penalties() {
    return generator.penalties();
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
