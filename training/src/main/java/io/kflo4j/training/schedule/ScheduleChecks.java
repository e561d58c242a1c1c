package io.kflo4j.training.schedule;

/** Argument checks shared by the schedules; every message names the argument and its value. */
final class ScheduleChecks {

  private ScheduleChecks() {}

  /** Checks that {@code base} is a usable base learning rate: finite and {@code > 0}. */
  static double checkBase(double base) {
    if (!(base > 0) || !Double.isFinite(base)) {
      throw new IllegalArgumentException("base learning rate must be finite and > 0, got " + base);
    }
    return base;
  }

  /** Checks that {@code value >= 1}. */
  static long checkPositive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  /** Checks that {@code 0 <= iteration < total}. */
  static void checkIteration(long iteration, long total) {
    if (iteration < 0 || iteration >= total) {
      throw new IllegalArgumentException(
          "iteration must be in [0, " + total + "), got " + iteration);
    }
  }

  /**
   * Returns {@code epochs * iterationsPerEpoch} after checking both are {@code >= 1} and the
   * product fits.
   */
  static long totalIterations(int epochs, int iterationsPerEpoch) {
    checkPositive("epochs", epochs);
    checkPositive("iterationsPerEpoch", iterationsPerEpoch);
    return (long) epochs * iterationsPerEpoch;
  }
}
