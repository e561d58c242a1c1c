package io.kflo4j.transfer.init;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How aligned stackings find which unit of a source corresponds to which unit of the first. */
public enum Matching {
  /** Git Re-Basin's weight matching: the units' parameters, no data ({@link WeightMatching}). */
  WEIGHTS,
  /**
   * Git Re-Basin's activation matching: the correlation of the units' outputs on target training
   * images ({@link ActivationMatching}).
   */
  ACTIVATIONS,
  /**
   * A random permutation of every hidden layer (a control: the sources still compute what they did,
   * their units in arbitrary order).
   */
  RANDOM;

  /** The spec, as on the command line. */
  public String spec() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code weights}, {@code activations} or {@code random}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Matching parse(String spec) {
    for (Matching matching : values()) {
      if (matching.spec().equals(spec.trim().toLowerCase(Locale.ROOT))) {
        return matching;
      }
    }
    throw new IllegalArgumentException(
        "unknown --matching '"
            + spec
            + "': expected one of "
            + Arrays.stream(values()).map(Matching::spec).collect(Collectors.joining(", ")));
  }
}
