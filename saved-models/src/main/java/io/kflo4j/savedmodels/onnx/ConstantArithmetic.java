package io.kflo4j.savedmodels.onnx;

import io.kflo4j.savedmodels.onnx.Translated.Constant;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;

/**
 * Element-wise arithmetic on constants, done during the translation instead of in the ONNX graph:
 * the inference batch norm's per-channel scale and offset, computed by the TensorFlow graph from
 * its variables, become constants of the ONNX model. In float, as TensorFlow computes them.
 */
final class ConstantArithmetic {
  private ConstantArithmetic() {}

  /**
   * {@code a op b} for the TensorFlow op {@code Mul}, {@code Add} or {@code Sub}, a scalar (or
   * single value) broadcast over the other; named {@code name}.
   */
  static Constant binary(String op, Constant a, Constant b, String name) {
    DoubleBinaryOperator operator =
        switch (op) {
          case "Mul" -> (x, y) -> (float) x * (float) y;
          case "Add" -> (x, y) -> (float) x + (float) y;
          case "Sub" -> (x, y) -> (float) x - (float) y;
          default -> throw new IllegalArgumentException("no constant arithmetic for " + op);
        };
    float[] x = floats(a, name);
    float[] y = floats(b, name);
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

  /** {@code 1 / sqrt(a)}, element by element; named {@code name}. */
  static Constant rsqrt(Constant a, String name) {
    float[] x = floats(a, name);
    float[] result = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      result[i] = (float) (1.0 / Math.sqrt(x[i]));
    }
    return new Constant(name, a.shape(), result, null);
  }

  private static float[] floats(Constant c, String name) {
    if (c.floats() == null) {
      throw new UnsupportedGraphException(
          "node '" + name + "' does arithmetic on the integer constant '" + c.name() + "'");
    }
    return c.floats();
  }
}
