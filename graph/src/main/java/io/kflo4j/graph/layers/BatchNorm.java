package io.kflo4j.graph.layers;

import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.core.OwnedBatchNorm;
import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import io.kflo4j.graph.variables.VariableStore;
import java.util.List;
import java.util.function.Consumer;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Batch normalization over the channel axis of NHWC inputs. Training (FusedBatchNormV3): batch
 * statistics, and update ops that move the moving statistics by {@code moving = MOMENTUM * moving +
 * (1 - MOMENTUM) * batch} (the batch variance Bessel-corrected, as TensorFlow and PyTorch do);
 * inference: the moving statistics, as a per-channel affine.
 *
 * <p>Variables: {@code <name>_gamma} (1 unless the creator says otherwise), {@code <name>_beta}
 * (0), {@code <name>_moving_mean} (0), {@code <name>_moving_variance} (1).
 */
public final class BatchNorm implements Layer, OwnedBatchNorm {
  /** Moving-average momentum (TensorFlow convention: weight of the old value). */
  public static final float MOMENTUM = 0.9f;

  /** Added to the variance. */
  public static final float EPSILON = OwnedBatchNorm.EPSILON;

  /** Suffix of the inference node {@code x * scale}, after the layer's name. */
  public static final String NORMALIZED_SUFFIX = "_normalized";

  /** Suffix of the inference output node {@code x * scale + offset}, after the layer's name. */
  public static final String INFERENCE_SUFFIX = "_inference";

  private final Ops tf;
  private final String name;
  private final ModelVariable gamma;
  private final ModelVariable beta;
  private final ModelVariable movingMean;
  private final ModelVariable movingVariance;
  private final Consumer<Op> updateSink;

  BatchNorm(
      Ops tf,
      VariableStore store,
      String name,
      int channels,
      Initializer gammaInit,
      Consumer<Op> updateSink) {
    this.tf = tf;
    this.name = name;
    this.updateSink = updateSink;
    long[] shape = {channels};
    gamma = store.create(name + "_gamma", shape, VariableRole.BN_GAMMA, gammaInit);
    beta = store.create(name + "_beta", shape, VariableRole.BN_BETA, Initializer.constant(0f));
    movingMean =
        store.create(
            name + "_moving_mean", shape, VariableRole.BN_MOVING_MEAN, Initializer.constant(0f));
    movingVariance =
        store.create(
            name + "_moving_variance",
            shape,
            VariableRole.BN_MOVING_VARIANCE,
            Initializer.constant(1f));
  }

  /** The layer's flat name, prefix of its variables. */
  public String name() {
    return name;
  }

  /** Scale, shift, moving mean, moving variance, in that order. */
  @Override
  public List<ModelVariable> variables() {
    return List.of(gamma, beta, movingMean, movingVariance);
  }

  @Override
  public Operand<TFloat32> apply(Operand<TFloat32> input, Mode mode) {
    Operand<TFloat32> scale = tf.identity(gamma.variable());
    Operand<TFloat32> offset = tf.identity(beta.variable());
    if (mode == Mode.INFERENCE) {
      return inference(input, scale, offset);
    }
    Operand<TFloat32> empty = tf.constant(new float[0]);
    FusedBatchNorm<TFloat32, TFloat32> normalized =
        tf.nn.fusedBatchNorm(
            input,
            scale,
            offset,
            empty,
            empty,
            FusedBatchNorm.epsilon(EPSILON),
            FusedBatchNorm.isTraining(true));
    updateSink.accept(movingAverageUpdate(movingMean, normalized.batchMean()));
    updateSink.accept(movingAverageUpdate(movingVariance, normalized.batchVariance()));
    return normalized.y();
  }

  /**
   * {@code x * s + t} with {@code s = gamma / sqrt(moving_variance + EPSILON)} and {@code t = beta
   * - moving_mean * s}, the inference batch norm as a per-channel affine: the output node is {@code
   * <name>_inference} (an {@code Add} of the {@code Mul} {@code <name>_normalized} and the offset).
   * Not a FusedBatchNormV3: TensorFlow's remapper fuses that into the conv before it, and oneDNN
   * runs the fused conv 10-30x slower for a single image on AVX2 CPUs (its gemm convolution applies
   * the batch norm's post-ops element by element; docs/BENCHMARKS.md).
   */
  private Operand<TFloat32> inference(
      Operand<TFloat32> input, Operand<TFloat32> scale, Operand<TFloat32> offset) {
    Operand<TFloat32> perChannelScale =
        tf.withName(name + INFERENCE_SUFFIX + "_scale")
            .math
            .mul(
                scale,
                tf.math.rsqrt(
                    tf.math.add(tf.identity(movingVariance.variable()), tf.constant(EPSILON))));
    Operand<TFloat32> perChannelOffset =
        tf.withName(name + INFERENCE_SUFFIX + "_offset")
            .math
            .sub(offset, tf.math.mul(tf.identity(movingMean.variable()), perChannelScale));
    return tf.withName(name + INFERENCE_SUFFIX)
        .math
        .add(
            tf.withName(name + NORMALIZED_SUFFIX).math.mul(input, perChannelScale),
            perChannelOffset);
  }

  private Op movingAverageUpdate(ModelVariable moving, Operand<TFloat32> batchValue) {
    Operand<TFloat32> updated =
        tf.math.add(
            tf.math.mul(tf.identity(moving.variable()), tf.constant(MOMENTUM)),
            tf.math.mul(batchValue, tf.constant(1f - MOMENTUM)));
    return tf.withName(moving.name() + "_update").assign(moving.variable(), updated);
  }
}
