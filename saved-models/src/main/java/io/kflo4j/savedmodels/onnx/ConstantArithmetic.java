package io.kflo4j.savedmodels.onnx;

import static io.kflo4j.savedmodels.onnx.TfNodes.requireFloats;

import io.kflo4j.savedmodels.onnx.Translated.Constant;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import org.tensorflow.proto.NodeDef;

/**
 * Element-wise arithmetic on constants, done during the translation instead of in the ONNX graph:
 * the inference batch norm's per-channel scale and offset, computed by the TensorFlow graph from
 * its variables, become constants of the ONNX model. In float, as TensorFlow computes them.
 */
final class ConstantArithmetic {
  private ConstantArithmetic() {}

  /**
   * {@code a op b} for {@code node}, a TensorFlow {@code Mul}, {@code Add} or {@code Sub}, a scalar
   * (or single value) broadcast over the other; named as the node.
   */
  static Constant binary(NodeDef node, Constant a, Constant b) {
    String op = node.getOp();
    String name = node.getName();
    DoubleBinaryOperator operator =
        switch (op) {
          case "Mul" -> (x, y) -> (float) x * (float) y;
          case "Add" -> (x, y) -> (float) x + (float) y;
          case "Sub" -> (x, y) -> (float) x - (float) y;
          default -> throw new IllegalArgumentException("no constant arithmetic for " + op);
        };
    requireFloats(a, node);
    requireFloats(b, node);
    float[] x = a.floats();
    float[] y = b.floats();
    long[] shape;
    if (x.length == y.length && (x.length == 1 || Arrays.equals(a.shape(), b.shape()))) {
      shape = a.shape().length >= b.shape().length ? a.shape() : b.shape();
    } else if (x.length == 1) {
      shape = b.shape();
    } else if (y.length == 1) {
      shape = a.shape();
    } else {
      throw new UnsupportedGraphException(
          op
              + " '"
              + name
              + "' combines constants of shapes "
              + Arrays.toString(a.shape())
              + " and "
              + Arrays.toString(b.shape()));
    }
    float[] result = new float[Math.max(x.length, y.length)];
    for (int i = 0; i < result.length; i++) {
      result[i] =
          (float) operator.applyAsDouble(x[x.length == 1 ? 0 : i], y[y.length == 1 ? 0 : i]);
    }
    return new Constant(name, shape, result, null);
  }

  /** {@code 1 / sqrt(a)}, element by element, for the TensorFlow {@code Rsqrt} {@code node}. */
  static Constant rsqrt(NodeDef node, Constant a) {
    requireFloats(a, node);
    float[] x = a.floats();
    float[] result = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      result[i] = (float) (1.0 / Math.sqrt(x[i]));
    }
    return new Constant(node.getName(), a.shape(), result, null);
  }
}
