package io.kflo4j.training.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds a {@link LearningRateSchedule} from a command-line spec.
 *
 * <p>Specs (surrounding whitespace ignored, keywords case-insensitive):
 *
 * <ul>
 *   <li>{@code cosine}: {@link CosineSchedule} from the base rate to 0 over the whole run (the
 *       default);
 *   <li>{@code constant}: {@link ConstantSchedule};
 *   <li>{@code step:M1,M2,...:GAMMA}, e.g. {@code step:80,120:0.1}: {@link StepSchedule} with
 *       0-based epoch milestones and the factor GAMMA.
 * </ul>
 *
 * With {@code warmupIterations > 0} the result is wrapped in a {@link WarmUpSchedule} that ramps to
 * the base rate (same clock, see there).
 */
public final class LearningRateSchedules {

  /** The spec of the reference recipe. */
  public static final String COSINE = "cosine";

  /** The spec of a constant rate. */
  public static final String CONSTANT = "constant";

  /** The prefix of a step spec. */
  public static final String STEP_PREFIX = "step:";

  /** What {@link #parse} accepts, for error messages and help texts. */
  public static final String SYNTAX =
      "'cosine', 'constant' or 'step:M1,M2,...:GAMMA' (e.g. 'step:80,120:0.1')";

  private LearningRateSchedules() {}

  /**
   * Parses a schedule spec for a run.
   *
   * @param spec the spec, see the class comment
   * @param base the base learning rate, finite and {@code > 0}
   * @param epochs the number of epochs of the run, {@code >= 1}
   * @param iterationsPerEpoch optimizer steps per epoch, {@code >= 1}
   * @param warmupIterations linear warm-up iterations, {@code 0} for none, else less than the run's
   *     iterations
   * @return the schedule over {@code epochs * iterationsPerEpoch} iterations
   * @throws IllegalArgumentException naming the spec and what is wrong with it, or the bad argument
   */
  public static LearningRateSchedule parse(
      String spec, double base, int epochs, int iterationsPerEpoch, long warmupIterations) {
    ScheduleChecks.checkBase(base);
    long total = ScheduleChecks.totalIterations(epochs, iterationsPerEpoch);
    if (warmupIterations < 0) {
      throw new IllegalArgumentException("warmupIterations must be >= 0, got " + warmupIterations);
    }
    LearningRateSchedule schedule = parseMain(spec, base, epochs, iterationsPerEpoch, total);
    return warmupIterations == 0 ? schedule : new WarmUpSchedule(schedule, base, warmupIterations);
  }

  /**
   * Checks a spec without building a run's schedule (for configuration validation).
   *
   * @param spec the spec
   * @param epochs the number of epochs it must fit (step milestones are checked against it)
   * @throws IllegalArgumentException if the spec is invalid
   */
  public static void validate(String spec, int epochs) {
    parse(spec, 1.0, epochs, 1, 0);
  }

  private static LearningRateSchedule parseMain(
      String spec, double base, int epochs, int iterationsPerEpoch, long total) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("learning-rate schedule is empty: expected " + SYNTAX);
    }
    String s = spec.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals(COSINE)) {
      return new CosineSchedule(base, total);
    }
    if (lower.equals(CONSTANT)) {
      return new ConstantSchedule(base, total);
    }
    if (lower.startsWith(STEP_PREFIX)) {
      String[] parts = s.substring(STEP_PREFIX.length()).split(":", -1);
      if (parts.length != 2) {
        throw invalid(spec, "a step schedule has the form 'step:M1,M2,...:GAMMA'");
      }
      List<Integer> milestones = new ArrayList<>();
      for (String m : parts[0].split(",", -1)) {
        try {
          milestones.add(Integer.parseInt(m.trim()));
        } catch (NumberFormatException e) {
          throw invalid(spec, "milestone '" + m.trim() + "' is not an integer epoch");
        }
      }
      double gamma;
      try {
        gamma = Double.parseDouble(parts[1].trim());
      } catch (NumberFormatException e) {
        throw invalid(spec, "gamma '" + parts[1].trim() + "' is not a number");
      }
      try {
        return new StepSchedule(base, gamma, milestones, epochs, iterationsPerEpoch);
      } catch (IllegalArgumentException e) {
        throw invalid(spec, e.getMessage());
      }
    }
    throw invalid(spec, "unknown schedule, expected " + SYNTAX);
  }

  private static IllegalArgumentException invalid(String spec, String reason) {
    return new IllegalArgumentException("invalid learning-rate schedule '" + spec + "': " + reason);
  }
}
