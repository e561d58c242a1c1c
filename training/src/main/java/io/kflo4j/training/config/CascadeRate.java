package io.kflo4j.training.config;

import java.util.Locale;

/**
 * The learning rate of the cascade kernels (KFLO's W2..WB, {@code VariableRole.CASCADE}) relative
 * to the rate the rest of their layer gets.
 *
 * <p>A KFLO step moves the generated kernel W' = W1 W2 by about {@code -lr (G W2^T W2 + W1 W1^T
 * G)}: the second term, the cascade's, grows with W1's norm, so with pretrained kernels stacked in
 * W1 it can be several times the plain step G. {@link Kind#FIXED} scales every cascade kernel's
 * rate by one factor (1 trains as the reference does; 0 freezes the cascade, which from a {@code
 * first} stacking is plain fine-tuning of the first source). {@link Kind#AUTO} measures, on the
 * first batch that trains the backbone, the step the cascade alone gives W' relative to the plain
 * step (its ratio rho per layer) and scales each layer's cascade rate by {@code min(1, beta /
 * rho)}, so that the cascade adds at most beta plain steps to W'.
 *
 * @param kind fixed or measured
 * @param value the factor (fixed, in [0, 1]) or beta (auto, finite and >= 0)
 */
public record CascadeRate(Kind kind, double value) {

  /** How the factor is chosen. */
  public enum Kind {
    /** One factor for every cascade kernel. */
    FIXED,
    /** A factor per layer from the measured step ratio. */
    AUTO
  }

  /** The reference: the cascade at its layer's rate. */
  public static final CascadeRate REFERENCE = new CascadeRate(Kind.FIXED, 1.0);

  /** Beta of {@code auto} when none is given. */
  public static final double BETA_DEFAULT = 1.0;

  /** Checks the value for its kind. */
  public CascadeRate {
    if (kind == null) {
      throw new IllegalArgumentException("cascade rate: kind is missing");
    }
    boolean valid =
        kind == Kind.FIXED ? value >= 0 && value <= 1 : value >= 0 && Double.isFinite(value);
    if (!valid) {
      throw new IllegalArgumentException(
          kind == Kind.FIXED
              ? "--cascade-lr-scale must be in [0, 1], got " + value
              : "--cascade-lr-scale auto:BETA needs a finite BETA >= 0, got " + value);
    }
  }

  /**
   * Parses {@code 0.25} (fixed) or {@code auto} / {@code auto:BETA}.
   *
   * @throws IllegalArgumentException naming the option and the accepted forms
   */
  public static CascadeRate parse(String spec) {
    String text = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    try {
      if (text.equals("auto")) {
        return new CascadeRate(Kind.AUTO, BETA_DEFAULT);
      }
      if (text.startsWith("auto:")) {
        return new CascadeRate(Kind.AUTO, Double.parseDouble(text.substring(5)));
      }
      return new CascadeRate(Kind.FIXED, Double.parseDouble(text));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--cascade-lr-scale '"
              + spec
              + "': expected a factor in [0, 1] (e.g. 0.25), auto or auto:BETA (e.g. auto:0.5)");
    }
  }

  /** The spec, as {@link #parse} reads it. */
  public String spec() {
    return kind == Kind.AUTO ? "auto:" + format(value) : format(value);
  }

  /** The factor for a layer whose cascade alone moves W' by {@code cascadeRatio} plain steps. */
  public double scaleFor(double cascadeRatio) {
    if (kind == Kind.FIXED) {
      return value;
    }
    return cascadeRatio <= value ? 1.0 : value / cascadeRatio;
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e9
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  @Override
  public String toString() {
    return spec();
  }
}
