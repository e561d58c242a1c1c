package io.kflo4j.graph.reparam;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses parameterization specs: {@code plain}, {@code kflo:BxR} (B >= 2, R >= 1), {@code kflo} (= kflo:2x4). */
public final class Parameterizations {
  /** KFLO's default: B = 2, R = 4, as in the paper and the reference code. */
  public static final String KFLO_DEFAULT = "kflo:2x4";

  private static final Pattern KFLO = Pattern.compile("kflo:(\\d+)x(\\d+)");

  private Parameterizations() {}

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException naming the spec and the accepted forms
   */
  public static KernelParameterization parse(String spec) {
    String normalized = spec.trim().toLowerCase(java.util.Locale.ROOT);
    if (normalized.equals(PlainParameterization.SPEC)) {
      return new PlainParameterization();
    }
    if (normalized.equals(KfloParameterization.PREFIX)) {
      normalized = KFLO_DEFAULT;
    }
    Matcher kflo = KFLO.matcher(normalized);
    if (kflo.matches()) {
      try {
        return new KfloParameterization(Integer.parseInt(kflo.group(1)), Integer.parseInt(kflo.group(2)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad parameterization '" + spec + "': " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException(
        "unknown parameterization '" + spec + "': expected 'plain' or 'kflo:BxR' (B >= 2, R >= 1), e.g. kflo:2x4");
  }
}
