package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * DO-Conv (depthwise over-parameterized convolution) with {@code D_mul = k*k}: every k x k conv
 * with k > 1 trains a conventional kernel W {@code [k*k, in, out]} and a depthwise kernel D {@code
 * [k*k, k*k, in]}, and convolves with {@code W' = D^T o W}, {@code W'[s, c, o] = sum_d (D[s, d, c]
 * + I[s, d]) W[d, c, o]}: D starts at zero and a fixed identity is added, so W' starts as W. Dense
 * layers and 1 x 1 convs stay plain. Export holds the computed W'.
 *
 * <p>Variables of a layer {@code L}: {@code L_doconv_w} and {@code L_doconv_d}, both with vanilla
 * decay (the reference trains them as ordinary parameters).
 */
public final class DoConvParameterization implements KernelParameterization {
  /** The spec of this parameterization. */
  public static final String SPEC = "doconv";

  @Override
  public String spec() {
    return SPEC;
  }

  /** Name of the conventional kernel W of a layer. */
  public static String conventionalKernelName(String layerName) {
    return layerName + "_doconv_w";
  }

  /** Name of the depthwise kernel D of a layer. */
  public static String depthwiseKernelName(String layerName) {
    return layerName + "_doconv_d";
  }

  @Override
  public KernelGenerator start(BuildContext context) {
    KernelGenerator plain = new PlainParameterization().start(context);
    return shape -> shape.isSpatial() ? create(shape, context) : plain.create(shape);
  }

  private GeneratedKernel create(KernelShape shape, BuildContext context) {
    Ops tf = context.tf();
    String layer = shape.layerName();
    long window = (long) shape.window()[0] * shape.window()[1];
    ModelVariable w =
        context
            .store()
            .create(
                conventionalKernelName(layer),
                new long[] {window, shape.inChannels(), shape.outChannels()},
                VariableRole.KERNEL,
                Initializer.pytorchDefault(shape.fanIn()));
    ModelVariable d =
        context
            .store()
            .create(
                depthwiseKernelName(layer),
                new long[] {window, window, shape.inChannels()},
                VariableRole.KERNEL,
                Initializer.constant(0f));
    Operand<TFloat32> wRead = tf.identity(w.variable());
    Operand<TFloat32> dRead = tf.identity(d.variable());
    float[][][] identity = new float[(int) window][(int) window][1];
    for (int s = 0; s < window; s++) {
      identity[s][s][0] = 1f;
    }
    Operand<TFloat32> depthwise = tf.math.add(dRead, tf.constant(identity));
    Operand<TFloat32> product = tf.linalg.einsum(List.of(depthwise, wRead), "sdc,dco->sco");
    Operand<TFloat32> kernel =
        tf.withName(PlainParameterization.kernelName(layer))
            .reshape(product, tf.constant(shape.kernelShape()));
    List<ModelVariable> variables = new ArrayList<>(List.of(w, d));
    List<DecayTerm> decay =
        new ArrayList<>(
            List.of(
                new DecayTerm(w.name(), wRead, Decay.VANILLA),
                new DecayTerm(d.name(), dRead, Decay.VANILLA)));
    Optional<Operand<TFloat32>> bias =
        PlainParameterization.plainBias(shape, context.store(), tf, variables, decay);
    return GeneratedKernel.direct(tf, shape, kernel, bias, variables, decay);
  }

  @Override
  public String toString() {
    return SPEC;
  }
}
