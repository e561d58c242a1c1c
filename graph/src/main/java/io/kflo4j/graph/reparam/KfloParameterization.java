package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import io.kflo4j.graph.variables.VariableStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * KFLO BxR (kernel filtering linear over-parameterization): the kernel is generated every step as
 * {@code W' = W1 . W2 ... WB}, where W1 is the layer's kernel widened R times along the output axis and W2..WB are
 * identity-initialized pointwise kernels that filter W1 as data. The network gets no deeper.
 *
 * <p>Variables of a layer {@code L} with window k x k, {@code in} inputs and {@code out} outputs:
 * <ul>
 *   <li>{@code L_kflo_w1}: {@code [k, k, in, R*out]} ({@code [in, R*out]} for dense), role FILTERED_KERNEL;
 *   <li>{@code L_kflo_w2} .. {@code L_kflo_w<B>}: {@code [R*out, R*out]}, the last {@code [R*out, out]}, role
 *       CASCADE_KERNEL, identity-initialized;
 *   <li>{@code L_kflo_b1}: {@code [R*out]} where the layer has a bias, role FILTERED_BIAS; the bias is
 *       {@code b' = b1 . W2 ... WB}.
 * </ul>
 * At initialization W' equals the first {@code out} filters of W1.
 */
public final class KfloParameterization implements KernelParameterization {
  /** The spec prefix, as in {@code kflo:2x4}. */
  public static final String PREFIX = "kflo";

  private final int depth;
  private final int width;

  /**
   * KFLO with cascade depth {@code depth} (B, the number of kernels including W1) and width multiplier
   * {@code width} (R).
   */
  public KfloParameterization(int depth, int width) {
    if (depth < 2) {
      throw new IllegalArgumentException("KFLO depth B must be >= 2, got " + depth);
    }
    if (width < 1) {
      throw new IllegalArgumentException("KFLO width R must be >= 1, got " + width);
    }
    this.depth = depth;
    this.width = width;
  }

  /** B: number of kernels in the cascade, W1 included. */
  public int depth() {
    return depth;
  }

  /** R: width multiplier of W1. */
  public int width() {
    return width;
  }

  /** Name of W1 of a layer. */
  public static String filteredKernelName(String layerName) {
    return layerName + "_kflo_w1";
  }

  /** Name of cascade kernel W{@code index} (2..B) of a layer. */
  public static String cascadeKernelName(String layerName, int index) {
    return layerName + "_kflo_w" + index;
  }

  /** Name of b1 of a layer. */
  public static String filteredBiasName(String layerName) {
    return layerName + "_kflo_b1";
  }

  @Override
  public String spec() {
    return PREFIX + ":" + depth + "x" + width;
  }

  @Override
  public GeneratedKernel create(KernelShape shape, VariableStore store, Ops tf) {
    String layer = shape.layerName();
    int out = shape.outChannels();
    int wide = width * out;
    Initializer plainInit = Initializer.pytorchDefault(shape.fanIn());
    List<ModelVariable> variables = new ArrayList<>();
    List<DecayTerm> decay = new ArrayList<>();

    ModelVariable w1 =
        store.create(filteredKernelName(layer), shape.kernelShape(wide), VariableRole.FILTERED_KERNEL, plainInit);
    Operand<TFloat32> w1Read = tf.identity(w1.variable());
    variables.add(w1);
    decay.add(new DecayTerm(w1.name(), w1Read, w1.role()));

    List<Operand<TFloat32>> cascade = new ArrayList<>();
    for (int index = 2; index <= depth; index++) {
      long cols = index == depth ? out : wide;
      ModelVariable w = store.create(
          cascadeKernelName(layer, index), new long[] {wide, cols}, VariableRole.CASCADE_KERNEL,
          Initializer.identity());
      Operand<TFloat32> read = tf.identity(w.variable());
      variables.add(w);
      cascade.add(read);
      decay.add(new DecayTerm(w.name(), read, w.role()));
    }
    // Right to left: the cascade product [wide, out] first, then one product with the (larger) reshaped W1.
    Operand<TFloat32> filter = cascade.get(cascade.size() - 1);
    for (int i = cascade.size() - 2; i >= 0; i--) {
      filter = tf.linalg.matMul(cascade.get(i), filter);
    }
    Operand<TFloat32> w1Matrix = tf.reshape(w1Read, tf.constant(new long[] {shape.fanIn(), wide}));
    Operand<TFloat32> kernel = tf.withName(PlainParameterization.kernelName(layer))
        .reshape(tf.linalg.matMul(w1Matrix, filter), tf.constant(shape.kernelShape()));
    decay.add(new DecayTerm(PlainParameterization.kernelName(layer), kernel, VariableRole.GENERATED_KERNEL));

    Optional<Operand<TFloat32>> bias = Optional.empty();
    if (shape.hasBias()) {
      ModelVariable b1 =
          store.create(filteredBiasName(layer), new long[] {wide}, VariableRole.FILTERED_BIAS, plainInit);
      Operand<TFloat32> b1Read = tf.identity(b1.variable());
      variables.add(b1);
      decay.add(new DecayTerm(b1.name(), b1Read, b1.role()));
      Operand<TFloat32> generatedBias = tf.withName(PlainParameterization.biasName(layer)).reshape(
          tf.linalg.matMul(tf.reshape(b1Read, tf.constant(new long[] {1, wide})), filter),
          tf.constant(new long[] {out}));
      decay.add(new DecayTerm(PlainParameterization.biasName(layer), generatedBias, VariableRole.GENERATED_BIAS));
      bias = Optional.of(generatedBias);
    }
    return new GeneratedKernel(shape, kernel, bias, variables, decay);
  }

  @Override
  public long trainParameters(KernelShape shape) {
    long wide = (long) width * shape.outChannels();
    long params = shape.fanIn() * wide;
    params += (depth - 2) * wide * wide + wide * shape.outChannels();
    if (shape.hasBias()) {
      params += wide;
    }
    return params;
  }

  @Override
  public String toString() {
    return spec();
  }
}
