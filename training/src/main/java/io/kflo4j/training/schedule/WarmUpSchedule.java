package io.kflo4j.training.schedule;

/**
 * Linear warm-up over the first {@code W} iterations, then the wrapped schedule.
 *
 * <pre>
 *   rate(t) = base * (t + 1) / W      for t &lt; W   (base/W, 2*base/W, ..., base at t = W-1)
 *   rate(t) = wrapped.rate(t)         for t &gt;= W
 * </pre>
 *
 * <p><b>Choice: no time shift.</b> The wrapped schedule keeps the run's absolute clock and covers
 * the same {@code totalIterations}; warm-up only replaces its first {@code W} values. So step
 * milestones stay at the epochs they name, and a cosine still reaches (nearly) 0 at the run's last
 * step. The price is a small drop at the junction for a cosine ({@code base} at {@code W-1}, {@code
 * cosine(W) < base} at {@code W}); after the peak the rate never increases again. The first step
 * never uses rate 0.
 */
public final class WarmUpSchedule implements LearningRateSchedule {

  private final LearningRateSchedule wrapped;
  private final double base;
  private final long warmupIterations;

  /**
   * Wraps {@code wrapped} with a linear warm-up to {@code base}.
   *
   * @param wrapped the schedule used from iteration {@code warmupIterations} on (same clock, not
   *     shifted)
   * @param base the rate reached at iteration {@code warmupIterations - 1}, finite and {@code > 0}
   *     (usually the wrapped schedule's base rate)
   * @param warmupIterations W, in {@code [1, wrapped.totalIterations() - 1]}
   */
  public WarmUpSchedule(LearningRateSchedule wrapped, double base, long warmupIterations) {
    if (wrapped == null) {
      throw new IllegalArgumentException("wrapped schedule must not be null");
    }
    this.wrapped = wrapped;
    this.base = ScheduleChecks.checkBase(base);
    ScheduleChecks.checkPositive("warmupIterations", warmupIterations);
    if (warmupIterations >= wrapped.totalIterations()) {
      throw new IllegalArgumentException(
          "warmupIterations must be less than totalIterations ("
              + wrapped.totalIterations()
              + "), got "
              + warmupIterations);
    }
    this.warmupIterations = warmupIterations;
  }

  @Override
  public double rate(long iteration) {
    ScheduleChecks.checkIteration(iteration, totalIterations());
    if (iteration < warmupIterations) {
      return base * (iteration + 1) / warmupIterations;
    }
    return wrapped.rate(iteration);
  }

  @Override
  public long totalIterations() {
    return wrapped.totalIterations();
  }

  /** W, the number of warm-up iterations. */
  public long warmupIterations() {
    return warmupIterations;
  }

  @Override
  public String toString() {
    return "WarmUpSchedule[base="
        + base
        + ", warmupIterations="
        + warmupIterations
        + ", then "
        + wrapped
        + "]";
  }
}
