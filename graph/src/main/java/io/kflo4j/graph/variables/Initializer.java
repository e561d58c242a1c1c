package io.kflo4j.graph.variables;

import java.util.SplittableRandom;

/**
 * Computes a variable's initial values in Java, so that the same seed gives the same weights on
 * every machine and thread count.
 */
@FunctionalInterface
public interface Initializer {

  /**
   * Fills a new array for a variable of the given shape.
   *
   * @param shape the variable's shape
   * @param random a generator seeded for this variable alone
   */
  float[] values(long[] shape, SplittableRandom random);

  /**
   * Uniform in [-bound, bound): PyTorch's default for conv and linear layers uses bound =
   * 1/sqrt(fanIn).
   */
  static Initializer uniform(double bound) {
    return (shape, random) -> {
      float[] values = new float[Shapes.size(shape)];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
      }
      return values;
    };
  }

  /**
   * PyTorch's default kernel and bias initialization (kaiming-uniform with a = sqrt(5)): bound
   * 1/sqrt(fanIn).
   */
  static Initializer pytorchDefault(long fanIn) {
    return uniform(1.0 / Math.sqrt(fanIn));
  }

  /** Normal with mean 0 and standard deviation {@code std}. */
  static Initializer normal(double std) {
    return (shape, random) -> {
      float[] values = new float[Shapes.size(shape)];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (random.nextGaussian() * std);
      }
      return values;
    };
  }

  /** Every value the same. */
  static Initializer constant(float value) {
    return (shape, random) -> {
      float[] values = new float[Shapes.size(shape)];
      java.util.Arrays.fill(values, value);
      return values;
    };
  }

  /**
   * Identity ("dirac") for a 2-D kernel [rows, cols]: 1 where row == col, else 0; for rows > cols
   * the extra rows are zero, so the product with it keeps the first cols channels.
   */
  static Initializer identity() {
    return (shape, random) -> {
      if (shape.length != 2) {
        throw new IllegalArgumentException(
            "identity initializer needs a 2-D shape, got " + Shapes.toString(shape));
      }
      int rows = (int) shape[0];
      int cols = (int) shape[1];
      float[] values = new float[rows * cols];
      for (int i = 0; i < Math.min(rows, cols); i++) {
        values[i * cols + i] = 1f;
      }
      return values;
    };
  }
}
