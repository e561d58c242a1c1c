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
 * Learnable repetition of parameters (after "Rescaling CNN through Learnable Repetition of Network
 * Parameters"): a layer's kernel is a smaller trained tensor T, {@code in / F} input channels wide,
 * repeated F times along the input-channel axis, copy r scaled per output channel by a learned
 * {@code alpha[r]}: {@code W'[..., r * in/F + i, o] = alpha[r, o] * T[..., i, o]}. The layer keeps
 * its width while training about 1/F of its kernel's parameters (plus F x out scales). Our reading
 * of the paper: it repeats along the input axis because copies repeated along the output axis would
 * differ only in scale, which the next batch norm removes. Layers whose input channels F does not
 * divide stay plain. Export holds W'.
 *
 * <p>Variables of a layer {@code L}: {@code L_repeat_t} (the kernel's shape with {@code in / F}
 * inputs, initialized like a plain kernel of the full fan-in, vanilla decay) and {@code
 * L_repeat_alpha [F, out]} (1, no decay); a bias, where the layer has one, is plain.
 */
public final class RepeatParameterization implements KernelParameterization {
  /** The spec prefix, as in {@code repeat:2}. */
  public static final String PREFIX = "repeat";

  private final int factor;

  /** Repetition {@code factor} (F >= 2). */
  public RepeatParameterization(int factor) {
    if (factor < 2) {
      throw new IllegalArgumentException("repetition factor F must be >= 2, got " + factor);
    }
    this.factor = factor;
  }

  @Override
  public String spec() {
    return PREFIX + ":" + factor;
  }

  @Override
  public KernelGenerator start(BuildContext context) {
    KernelGenerator plain = new PlainParameterization().start(context);
    return shape -> shape.inChannels() % factor == 0 ? create(shape, context) : plain.create(shape);
  }

  private GeneratedKernel create(KernelShape shape, BuildContext context) {
    Ops tf = context.tf();
    String layer = shape.layerName();
    int axis = shape.window().length;
    long[] smallShape = shape.kernelShape();
    smallShape[axis] = shape.inChannels() / factor;
    Initializer init = Initializer.pytorchDefault(shape.fanIn());
    ModelVariable small =
        context.store().create(layer + "_repeat_t", smallShape, VariableRole.KERNEL, init);
    ModelVariable alpha =
        context
            .store()
            .create(
                layer + "_repeat_alpha",
                new long[] {factor, shape.outChannels()},
                VariableRole.KERNEL,
                Initializer.constant(1f));
    Operand<TFloat32> smallRead = tf.identity(small.variable());
    Operand<TFloat32> alphaRead = tf.identity(alpha.variable());
    List<Operand<TFloat32>> copies = new ArrayList<>();
    for (int r = 0; r < factor; r++) {
      copies.add(tf.math.mul(smallRead, tf.gather(alphaRead, tf.constant(r), tf.constant(0))));
    }
    Operand<TFloat32> kernel =
        tf.withName(PlainParameterization.kernelName(layer)).concat(copies, tf.constant(axis));
    List<ModelVariable> variables = new ArrayList<>(List.of(small, alpha));
    List<DecayTerm> decay =
        new ArrayList<>(
            List.of(
                new DecayTerm(small.name(), smallRead, Decay.VANILLA),
                new DecayTerm(alpha.name(), alphaRead, Decay.NONE)));
    Optional<Operand<TFloat32>> bias =
        PlainParameterization.plainBias(shape, context.store(), tf, variables, decay);
    return GeneratedKernel.direct(tf, shape, kernel, bias, variables, decay);
  }

  @Override
  public String toString() {
    return spec();
  }
}
