package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import io.kflo4j.graph.variables.VariableStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * KFLO BxR (kernel filtering linear over-parameterization): the kernel is generated every step as
 * {@code W' = W1 . W2 ... WB}, where W1 is the layer's kernel widened R times along the output axis
 * and W2..WB are identity-initialized pointwise kernels that filter W1 as data. The network gets no
 * deeper.
 *
 * <p>Variables of a layer {@code L} with window k x k, {@code in} inputs and {@code out} outputs:
 *
 * <ul>
 *   <li>{@code L_kflo_w1}: {@code [k, k, in, R*out]} ({@code [in, R*out]} for dense), no decay;
 *   <li>{@code L_kflo_w2} .. {@code L_kflo_w<B>}: {@code [R*out, R*out]}, the last {@code [R*out,
 *       out]}, identity-initialized, weak decay;
 *   <li>{@code L_kflo_b1}: {@code [R*out]} where the layer has a bias, no decay; the bias is {@code
 *       b' = b1 . W2 ... WB}.
 * </ul>
 *
 * The generated W' gets the reference's deployed decay ({@link Decay#DEPLOYED}). At initialization
 * W' equals the first {@code out} filters of W1. As a transfer target a layer holds R sources, one
 * per block of W1.
 */
public final class KfloParameterization implements KernelParameterization, SourceStacking {
  /** The spec prefix, as in {@code kflo:2x4}. */
  public static final String PREFIX = "kflo";

  private final int depth;
  private final int width;

  /**
   * KFLO with cascade depth {@code depth} (B, the number of kernels including W1) and width
   * multiplier {@code width} (R).
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
  public KernelGenerator start(BuildContext context) {
    return shape -> create(shape, context.store(), context.tf());
  }

  private GeneratedKernel create(KernelShape shape, VariableStore store, Ops tf) {
    String layer = shape.layerName();
    int out = shape.outChannels();
    int wide = width * out;
    Initializer plainInit = Initializer.pytorchDefault(shape.fanIn());
    List<ModelVariable> variables = new ArrayList<>();
    List<DecayTerm> decay = new ArrayList<>();

    ModelVariable w1 =
        store.create(
            filteredKernelName(layer), shape.kernelShape(wide), VariableRole.KERNEL, plainInit);
    Operand<TFloat32> w1Read = tf.identity(w1.variable());
    variables.add(w1);
    decay.add(new DecayTerm(w1.name(), w1Read, Decay.NONE));

    List<Operand<TFloat32>> cascade = new ArrayList<>();
    for (int index = 2; index <= depth; index++) {
      long cols = index == depth ? out : wide;
      ModelVariable w =
          store.create(
              cascadeKernelName(layer, index),
              new long[] {wide, cols},
              VariableRole.CASCADE,
              Initializer.identity());
      Operand<TFloat32> read = tf.identity(w.variable());
      variables.add(w);
      cascade.add(read);
      decay.add(new DecayTerm(w.name(), read, Decay.WEAK));
    }
    // Right to left: the cascade product [wide, out] first, then one product with the (larger)
    // reshaped W1.
    Operand<TFloat32> filter = cascade.get(cascade.size() - 1);
    for (int i = cascade.size() - 2; i >= 0; i--) {
      filter = tf.linalg.matMul(cascade.get(i), filter);
    }
    Operand<TFloat32> w1Matrix = tf.reshape(w1Read, tf.constant(new long[] {shape.fanIn(), wide}));
    Operand<TFloat32> kernel =
        tf.withName(PlainParameterization.kernelName(layer))
            .reshape(tf.linalg.matMul(w1Matrix, filter), tf.constant(shape.kernelShape()));
    decay.add(new DecayTerm(PlainParameterization.kernelName(layer), kernel, Decay.DEPLOYED));

    Optional<Operand<TFloat32>> bias = Optional.empty();
    if (shape.hasBias()) {
      ModelVariable b1 =
          store.create(filteredBiasName(layer), new long[] {wide}, VariableRole.BIAS, plainInit);
      Operand<TFloat32> b1Read = tf.identity(b1.variable());
      variables.add(b1);
      decay.add(new DecayTerm(b1.name(), b1Read, Decay.NONE));
      bias =
          Optional.of(
              tf.withName(PlainParameterization.biasName(layer))
                  .reshape(
                      tf.linalg.matMul(
                          tf.reshape(b1Read, tf.constant(new long[] {1, wide})), filter),
                      tf.constant(new long[] {out})));
    }
    return GeneratedKernel.direct(tf, shape, kernel, bias, variables, decay);
  }

  @Override
  public int capacity() {
    return width;
  }

  @Override
  public void checkCapacity(int sources) {
    if (sources > width) {
      throw new IllegalArgumentException(
          "kflo width R = "
              + width
              + " cannot hold "
              + sources
              + " source models: use kflo:Bx"
              + sources
              + " or wider");
    }
  }

  /**
   * W1's output blocks 0..N-1 become the sources' kernels (b1's blocks their biases), blocks N..R-1
   * keep their initial values; averaged, the last cascade kernel maps each block's unit o to output
   * o with weight 1/N, so W' and b' start as the sources' means; otherwise the cascade stays
   * identity and W' is the first source's kernel.
   */
  @Override
  public Map<String, float[]> stack(
      KernelShape shape, List<SourceLayer> sources, Map<String, float[]> current, boolean average) {
    checkCapacity(sources.size());
    String layer = shape.layerName();
    int out = shape.outChannels();
    int wide = width * out;
    int rows = Math.toIntExact(shape.fanIn());
    float[] w1 = current.get(filteredKernelName(layer)).clone();
    Optional<float[]> b1 =
        shape.hasBias()
            ? Optional.of(current.get(filteredBiasName(layer)).clone())
            : Optional.empty();
    for (int block = 0; block < sources.size(); block++) {
      SourceLayer source = sources.get(block);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(source.kernel(), r * out, w1, r * wide + block * out, out);
      }
      if (b1.isPresent()) {
        System.arraycopy(source.bias().orElseThrow(), 0, b1.get(), block * out, out);
      }
    }
    Map<String, float[]> values = new LinkedHashMap<>();
    values.put(filteredKernelName(layer), w1);
    b1.ifPresent(b -> values.put(filteredBiasName(layer), b));
    if (average) {
      float[] last = new float[wide * out];
      for (int block = 0; block < sources.size(); block++) {
        for (int o = 0; o < out; o++) {
          last[(block * out + o) * out + o] = 1f / sources.size();
        }
      }
      values.put(cascadeKernelName(layer, depth), last);
    }
    return values;
  }

  @Override
  public String toString() {
    return spec();
  }
}
