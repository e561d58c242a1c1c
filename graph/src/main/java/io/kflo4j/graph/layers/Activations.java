package io.kflo4j.graph.layers;

import io.kflo4j.graph.core.Mode;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/** Layers without variables: activation, pooling, reshaping, dropout. */
public final class Activations {
  private Activations() {}

  /** ReLU. */
  public static Layer relu(Ops tf) {
    return (input, mode) -> tf.nn.relu(input);
  }

  /**
   * Max pooling over a k x k window, as TensorFlow's {@code MaxPool} op (window and strides as
   * attributes). TensorFlow Java's {@code tf.nn.maxPool} builds {@code MaxPoolV2} (window and
   * strides as tensors), whose gradient oneDNN does not take over: TensorFlow's own {@code
   * MaxPoolGradV2} kernel then took 13% of a Cifar-quick training step (docs/BENCHMARKS.md).
   */
  public static Layer maxPool(Ops tf, int k, int stride, Padding padding) {
    return (input, mode) -> {
      Operation pool =
          tf.scope()
              .opBuilder("MaxPool", "MaxPool")
              .addInput(input.asOutput())
              .setAttr("ksize", new long[] {1, k, k, 1})
              .setAttr("strides", new long[] {1, stride, stride, 1})
              .setAttr("padding", padding.name())
              .build();
      return pool.<TFloat32>output(0);
    };
  }

  /**
   * Average pooling over a k x k window (TensorFlow divides by the window's count of real inputs).
   */
  public static Layer avgPool(Ops tf, int k, int stride, Padding padding) {
    return (input, mode) ->
        tf.nn.avgPool(
            input,
            List.of(1L, (long) k, (long) k, 1L),
            List.of(1L, (long) stride, (long) stride, 1L),
            padding.name());
  }

  /** Mean over the spatial axes: [N, H, W, C] to [N, C]. */
  public static Layer globalAveragePool(Ops tf) {
    return (input, mode) -> tf.math.mean(input, tf.constant(new int[] {1, 2}));
  }

  /** [N, H, W, C] to [N, H*W*C] (row-major over H, W, C), using the static shape. */
  public static Layer flatten(Ops tf) {
    return (input, mode) -> {
      long features = 1;
      for (int i = 1; i < input.shape().numDimensions(); i++) {
        features *= input.shape().get(i);
      }
      return tf.reshape(input, tf.constant(new long[] {-1, features}));
    };
  }

  /**
   * Inverted dropout: in training, zeroes each unit with probability {@code rate} and scales the
   * rest by 1/(1-rate); identity in inference and when the rate is 0.
   */
  public static Layer dropout(Ops tf, double rate, long seed) {
    if (rate < 0 || rate >= 1) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
    }
    return (input, mode) -> {
      if (mode == Mode.INFERENCE || rate == 0) {
        return input;
      }
      float keep = (float) (1 - rate);
      Operand<TFloat32> uniform =
          tf.random.randomUniform(
              tf.shape(input),
              TFloat32.class,
              RandomUniform.seed(seed),
              RandomUniform.seed2(seed >>> 1));
      Operand<TFloat32> mask = tf.math.floor(tf.math.add(uniform, tf.constant(keep)));
      return tf.math.mul(input, tf.math.div(mask, tf.constant(keep)));
    };
  }

  /** Layers applied one after the other. */
  public static Layer sequential(List<Layer> layers) {
    List<Layer> copy = List.copyOf(layers);
    return (input, mode) -> {
      Operand<TFloat32> x = input;
      for (Layer layer : copy) {
        x = layer.apply(x, mode);
      }
      return x;
    };
  }
}
