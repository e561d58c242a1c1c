package io.kflo4j.experiments.bench;

import java.util.Arrays;

/** The order statistics the benchmarks report: the median of repeated measurements, a quantile. */
public final class Statistics {
  private Statistics() {}

  /**
   * The median of {@code values}: the middle value, or the mean of the two middle values of an even
   * count.
   *
   * @throws IllegalArgumentException if there are no values
   */
  public static double median(double[] values) {
    double[] sorted = sorted(values);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * The {@code q}-quantile of {@code values} by the nearest-rank rule: the smallest value that at
   * least a fraction {@code q} of the values do not exceed (q = 0.99: the 99th percentile).
   *
   * @throws IllegalArgumentException if there are no values
   */
  public static double quantile(double[] values, double q) {
    double[] sorted = sorted(values);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  private static double[] sorted(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted;
  }
}
