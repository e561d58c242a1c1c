package io.kflo4j.graph.arch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The depth and widening factor of the WRN layout (WRN-D-K and DiracNet-D-K): three groups of N =
 * (D-4)/6 blocks of two convs, widths 16K, 32K, 64K.
 *
 * @param depth D, 6N+4 with N >= 1
 * @param widen K, at least 1
 */
record ResidualLayout(int depth, int widen) {

  /**
   * Validates D and K, naming {@code family} ({@code WRN}, {@code DiracNet}) in the error.
   *
   * @throws IllegalArgumentException if D is not 6N+4 with N >= 1 or K < 1
   */
  static ResidualLayout of(String family, int depth, int widen) {
    if (depth < 10 || (depth - 4) % 6 != 0) {
      throw new IllegalArgumentException(
          family + " depth must be 6N+4 with N >= 1 (10, 16, 22, 28, ...), got " + depth);
    }
    if (widen < 1) {
      throw new IllegalArgumentException(family + " widening factor must be >= 1, got " + widen);
    }
    return new ResidualLayout(depth, widen);
  }

  /** {@code depth} and {@code widenFactor}, in that order. */
  Map<String, Integer> arguments() {
    Map<String, Integer> arguments = new LinkedHashMap<>();
    arguments.put("depth", depth);
    arguments.put("widenFactor", widen);
    return arguments;
  }

  /** N: blocks per group. */
  int blocksPerGroup() {
    return (depth - 4) / 6;
  }
}
