package io.kflo4j.transfer.init;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How N pretrained sources start a KFLO network whose W1 holds their kernels as N output blocks.
 */
public enum Stacking {
  /** The paper's: the identity cascade picks block 0, so the network starts as the first source. */
  FIRST,
  /**
   * The last cascade kernel averages the N blocks, so the generated kernel W' (and bias) starts as
   * the sources' mean; batch-norm gamma and beta start as the sources' means too.
   */
  AVERAGE,
  /**
   * Sources 2..N first permuted to match source 1 unit by unit ({@link WeightMatching}), then
   * averaged as {@link #AVERAGE}: the network starts as a merged model of corresponding features
   * and learns the mix.
   */
  ALIGNED,
  /**
   * Sources 2..N first permuted to match source 1 unit by unit, then stacked as {@link #FIRST}: the
   * network starts as source 1, and the blocks the cascade can mix in hold units that correspond to
   * its own, so that each block of a layer reads the features its kernels were trained on.
   */
  FIRST_ALIGNED,
  /**
   * The sources ranked first ({@link SourceRanking}: a linear probe of each on the target), then
   * stacked as {@link #FIRST} in that order: the network starts as the source whose features fit
   * the target best, the others behind it.
   */
  BEST_FIRST,
  /**
   * The sources ranked as for {@link #BEST_FIRST}, and only the best one starts the network (its
   * kernels in block 0, the other blocks fresh): the others took part in the choice, and are the
   * teachers when the run distils from its sources. Also for a plain target given several sources.
   */
  BEST;

  /** The spec, as on the command line. */
  public String spec() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether the sources are aligned to the first before stacking. */
  public boolean aligns() {
    return this == ALIGNED || this == FIRST_ALIGNED;
  }

  /** Whether the sources are ranked by a linear probe on the target before stacking. */
  public boolean ranks() {
    return this == BEST_FIRST || this == BEST;
  }

  /** How many of {@code sources} the network starts from. */
  public int stackedCount(int sources) {
    return this == BEST ? Math.min(1, sources) : sources;
  }

  /** Whether the network starts as the sources' mean rather than as the first source. */
  public boolean averages() {
    return this == AVERAGE || this == ALIGNED;
  }

  /**
   * Parses {@code first}, {@code average}, {@code aligned}, {@code first-aligned}, {@code
   * best-first} or {@code best}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Stacking parse(String spec) {
    for (Stacking stacking : values()) {
      if (stacking.spec().equals(spec.trim().toLowerCase(Locale.ROOT))) {
        return stacking;
      }
    }
    throw new IllegalArgumentException(
        "unknown stacking '"
            + spec
            + "': expected one of "
            + Arrays.stream(values()).map(Stacking::spec).collect(Collectors.joining(", ")));
  }
}
