package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Dirac parameterization (Zagoruyko and Komodakis, DiracNets): every bias-less conv with equal
 * input and output channels and an odd window computes with {@code W' = diag(a) I + diag(b)
 * W_norm}, I the Dirac delta (identity over channels at the window's centre), W_norm each output
 * filter of W divided by its Euclidean norm; a starts at 1, b at {@link #INITIAL_B}, neither
 * decays; W starts from N(0, 1) and decays as a plain kernel (W_norm does not depend on its scale).
 * Other convs and dense layers stay plain. Export holds the computed W'.
 *
 * <p>Variables of a layer {@code L}: {@code L_dirac_w [k, k, c, c]}, {@code L_dirac_a [c]}, {@code
 * L_dirac_b [c]}.
 */
public final class DiracParameterization implements KernelParameterization {
  /** The spec of this parameterization. */
  public static final String SPEC = "dirac";

  /** The initial scale of the normalized filters (the paper's 0.1). */
  public static final float INITIAL_B = 0.1f;

  @Override
  public String spec() {
    return SPEC;
  }

  @Override
  public KernelGenerator start(BuildContext context) {
    KernelGenerator plain = new PlainParameterization().start(context);
    return shape -> applies(shape) ? create(shape, context) : plain.create(shape);
  }

  private static boolean applies(KernelShape shape) {
    return shape.window().length == 2
        && shape.window()[0] == shape.window()[1]
        && shape.window()[0] % 2 == 1
        && shape.inChannels() == shape.outChannels()
        && !shape.hasBias();
  }

  private GeneratedKernel create(KernelShape shape, BuildContext context) {
    Ops tf = context.tf();
    String layer = shape.layerName();
    int k = shape.window()[0];
    int channels = shape.outChannels();
    ModelVariable w =
        context
            .store()
            .create(
                layer + "_dirac_w",
                shape.kernelShape(),
                VariableRole.KERNEL,
                Initializer.normal(1.0));
    ModelVariable a =
        context
            .store()
            .create(
                layer + "_dirac_a",
                new long[] {channels},
                VariableRole.KERNEL,
                Initializer.constant(1f));
    ModelVariable b =
        context
            .store()
            .create(
                layer + "_dirac_b",
                new long[] {channels},
                VariableRole.KERNEL,
                Initializer.constant(INITIAL_B));
    Operand<TFloat32> wRead = tf.identity(w.variable());
    Operand<TFloat32> aRead = tf.identity(a.variable());
    Operand<TFloat32> bRead = tf.identity(b.variable());
    Operand<TFloat32> norms =
        tf.math.sqrt(
            tf.reduceSum(
                tf.math.square(wRead), tf.constant(new int[] {0, 1, 2}), ReduceSum.keepDims(true)));
    Operand<TFloat32> normalized = tf.math.div(wRead, norms);
    Operand<TFloat32> kernel =
        tf.withName(PlainParameterization.kernelName(layer))
            .math
            .add(
                tf.math.mul(tf.constant(dirac(k, channels)), aRead),
                tf.math.mul(normalized, bRead));
    List<DecayTerm> decay =
        List.of(
            new DecayTerm(w.name(), wRead, Decay.VANILLA),
            new DecayTerm(a.name(), aRead, Decay.NONE),
            new DecayTerm(b.name(), bRead, Decay.NONE));
    return GeneratedKernel.direct(tf, shape, kernel, Optional.empty(), List.of(w, a, b), decay);
  }

  /** The Dirac delta [k, k, c, c]: 1 at the centre where input channel equals output channel. */
  static float[][][][] dirac(int k, int channels) {
    float[][][][] delta = new float[k][k][channels][channels];
    for (int c = 0; c < channels; c++) {
      delta[k / 2][k / 2][c][c] = 1f;
    }
    return delta;
  }

  @Override
  public String toString() {
    return SPEC;
  }
}
