package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Hard channel-wise symmetric parameterizations (Zagoruyko, "Weight Parameterizations in Deep
 * Neural Networks"): every bias-less k x k conv with k > 1 and equal input and output channels has,
 * at each window position, a symmetric channel matrix {@code W'[h, w, i, o] = W'[h, w, o, i]}. 1 x
 * 1 convs (the paper's bottleneck variant keeps them free) and dense layers stay plain. Export
 * holds W'.
 *
 * <ul>
 *   <li>{@code symmetric:triangular}: {@code W' = diag(v) + triu(U) + triu(U)^T}, U strictly upper
 *       triangular; the trained tensors hold only the {@code c(c-1)/2} upper entries and the c
 *       diagonal ones per position, about half a plain kernel. Variables {@code L_sym_upper [k*k,
 *       c(c-1)/2]}, {@code L_sym_diag [k*k, c]}.
 *   <li>{@code symmetric:average}: {@code W' = (W + W^T) / 2}. Variable {@code L_sym_w [k, k, c,
 *       c]}.
 * </ul>
 *
 * All trained tensors decay as plain kernels.
 */
public final class SymmetricParameterization implements KernelParameterization {
  /** The spec prefix, as in {@code symmetric:triangular}. */
  public static final String PREFIX = "symmetric";

  /** How the symmetric channel matrix is formed. */
  public enum Kind {
    /** {@code diag(v) + triu(U) + triu(U)^T}: half the trained parameters. */
    TRIANGULAR,
    /** {@code (W + W^T) / 2}. */
    AVERAGE
  }

  private final Kind kind;

  /** A symmetric parameterization of that kind. */
  public SymmetricParameterization(Kind kind) {
    this.kind = kind;
  }

  @Override
  public String spec() {
    return PREFIX + ":" + kind.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public KernelGenerator start(BuildContext context) {
    KernelGenerator plain = new PlainParameterization().start(context);
    return shape ->
        shape.isSpatial() && shape.inChannels() == shape.outChannels() && !shape.hasBias()
            ? create(shape, context)
            : plain.create(shape);
  }

  private GeneratedKernel create(KernelShape shape, BuildContext context) {
    Ops tf = context.tf();
    String layer = shape.layerName();
    int c = shape.outChannels();
    int positions = shape.window()[0] * shape.window()[1];
    Initializer init = Initializer.pytorchDefault(shape.fanIn());
    String kernelName = PlainParameterization.kernelName(layer);
    if (kind == Kind.AVERAGE) {
      ModelVariable w =
          context.store().create(layer + "_sym_w", shape.kernelShape(), VariableRole.KERNEL, init);
      Operand<TFloat32> read = tf.identity(w.variable());
      Operand<TFloat32> kernel =
          tf.withName(kernelName)
              .math
              .mul(
                  tf.math.add(read, tf.linalg.transpose(read, tf.constant(new int[] {0, 1, 3, 2}))),
                  tf.constant(0.5f));
      return GeneratedKernel.direct(
          tf,
          shape,
          kernel,
          Optional.empty(),
          List.of(w),
          List.of(new DecayTerm(w.name(), read, Decay.VANILLA)));
    }
    int upperCount = c * (c - 1) / 2;
    ModelVariable upper =
        context
            .store()
            .create(
                layer + "_sym_upper",
                new long[] {positions, upperCount},
                VariableRole.KERNEL,
                init);
    ModelVariable diagonal =
        context
            .store()
            .create(layer + "_sym_diag", new long[] {positions, c}, VariableRole.KERNEL, init);
    Operand<TFloat32> upperRead = tf.identity(upper.variable());
    Operand<TFloat32> diagonalRead = tf.identity(diagonal.variable());
    Operand<TFloat32> entries =
        tf.reshape(
            tf.concat(List.of(upperRead, diagonalRead), tf.constant(1)),
            tf.constant(new int[] {-1}));
    Operand<TFloat32> kernel =
        tf.withName(kernelName)
            .reshape(
                tf.gather(entries, tf.constant(triangularIndex(positions, c)), tf.constant(0)),
                tf.constant(shape.kernelShape()));
    return GeneratedKernel.direct(
        tf,
        shape,
        kernel,
        Optional.empty(),
        List.of(upper, diagonal),
        List.of(
            new DecayTerm(upper.name(), upperRead, Decay.VANILLA),
            new DecayTerm(diagonal.name(), diagonalRead, Decay.VANILLA)));
  }

  /**
   * For each kernel entry (position p, input i, output o, row-major) its index into the flattened
   * {@code concat(upper, diagonal)} of shape {@code [positions, c(c-1)/2 + c]}: the diagonal entry
   * for i = o, else the upper entry of the pair (min, max).
   */
  static int[] triangularIndex(int positions, int c) {
    int upperCount = c * (c - 1) / 2;
    int stride = upperCount + c;
    int[] index = new int[positions * c * c];
    for (int p = 0; p < positions; p++) {
      for (int i = 0; i < c; i++) {
        for (int o = 0; o < c; o++) {
          int lo = Math.min(i, o);
          int hi = Math.max(i, o);
          int entry = i == o ? upperCount + i : lo * c - lo * (lo + 1) / 2 + (hi - lo - 1);
          index[(p * c + i) * c + o] = p * stride + entry;
        }
      }
    }
    return index;
  }

  @Override
  public String toString() {
    return spec();
  }
}
