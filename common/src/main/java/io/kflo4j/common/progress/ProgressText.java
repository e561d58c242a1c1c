package io.kflo4j.common.progress;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Text formatting shared by the reporters. */
final class ProgressText {

  private ProgressText() {}

  /** {@code "k1=v1" + separator + "k2=v2"}, in the map's order; empty for no extras. */
  static String extras(Map<String, String> extras, String separator) {
    return extras.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(separator));
  }

  /**
   * A duration as {@code m:ss} below an hour, else {@code h:mm:ss}; {@code "?"} if not finite or
   * negative.
   */
  static String duration(double seconds) {
    if (!Double.isFinite(seconds) || seconds < 0) {
      return "?";
    }
    long s = Math.round(seconds);
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
        : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }

  /** A rate with one decimal. */
  static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%.1f", perSecond);
  }

  /** Checks the arguments of {@link ProgressReporter#start}. */
  static void checkStart(String task, long totalUnits, String unitName) {
    if (task == null || task.isBlank()) {
      throw new IllegalArgumentException("task must not be blank, got " + task);
    }
    if (totalUnits < 0 && totalUnits != ProgressReporter.UNKNOWN_TOTAL) {
      throw new IllegalArgumentException(
          "totalUnits must be >= 0 or UNKNOWN_TOTAL, got " + totalUnits);
    }
    if (unitName == null || unitName.isBlank()) {
      throw new IllegalArgumentException("unitName must not be blank, got " + unitName);
    }
  }

  /** Checks the units of {@link ProgressReporter#step}. */
  static void checkUnits(long units) {
    if (units < 0) {
      throw new IllegalArgumentException("units must be >= 0, got " + units);
    }
  }
}
