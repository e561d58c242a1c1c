package io.kflo4j.training.metrics;

import java.util.ArrayList;
import java.util.List;

/** Hand-made metrics rows shared by the tests. */
final class MetricsFixtures {

  private MetricsFixtures() {}

  /**
   * Epoch {@code e} with values that differ per epoch and need exact round trips (0.1, 1/3, ...).
   */
  static EpochMetrics row(int e) {
    return new EpochMetrics(
        e,
        2.0 / e,
        0.1 * e,
        e == 2 ? Double.NaN : 1.0 / 3 + 0.01 * e,
        0.9 + 0.001 * e,
        0.1 * Math.cos(e),
        1534.25 + e,
        33.3 + e,
        30.1 + e,
        33.3 * e);
  }

  /** Epochs 1..n. */
  static List<EpochMetrics> rows(int n) {
    List<EpochMetrics> rows = new ArrayList<>();
    for (int e = 1; e <= n; e++) {
      rows.add(row(e));
    }
    return rows;
  }
}
