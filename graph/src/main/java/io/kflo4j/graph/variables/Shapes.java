package io.kflo4j.graph.variables;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Small helpers for static shapes given as {@code long[]}. */
public final class Shapes {
  private Shapes() {}

  /** Number of elements; fails when it does not fit a Java array. */
  public static int size(long[] shape) {
    long size = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException(
            "shape " + toString(shape) + " has an unknown dimension");
      }
      size = Math.multiplyExact(size, dim);
    }
    return Math.toIntExact(size);
  }

  /** The shape as {@code [3, 3, 16, 64]}. */
  public static String toString(long[] shape) {
    return Arrays.stream(shape)
        .mapToObj(Long::toString)
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
