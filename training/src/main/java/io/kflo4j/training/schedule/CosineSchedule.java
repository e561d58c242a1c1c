package io.kflo4j.training.schedule;

/**
 * Cosine annealing from a base rate to 0, stepped every iteration (the reference recipe, PyTorch's
 * {@code CosineAnnealingLR} with {@code T_max} = total iterations and {@code eta_min} = 0):
 *
 * <pre>  rate(t) = base * 0.5 * (1 + cos(pi * t / T)),   T = totalIterations</pre>
 *
 * <p>So {@code rate(0) = base}, {@code rate(T/2) = base/2}, and the last step {@code T-1} uses a
 * small positive rate ({@code base * 0.5 * (1 + cos(pi * (T-1) / T))}); the rate 0 itself would
 * belong to iteration T, which is not trained. The rate never increases.
 */
public final class CosineSchedule implements LearningRateSchedule {

  private final double base;
  private final long totalIterations;

  /**
   * A cosine schedule over {@code totalIterations} iterations.
   *
   * @param base the rate at iteration 0, finite and {@code > 0}
   * @param totalIterations T, {@code >= 1}
   */
  public CosineSchedule(double base, long totalIterations) {
    this.base = ScheduleChecks.checkBase(base);
    this.totalIterations = ScheduleChecks.checkPositive("totalIterations", totalIterations);
  }

  /**
   * A cosine schedule over a whole run of {@code epochs * iterationsPerEpoch} iterations.
   *
   * @param base the rate at iteration 0, finite and {@code > 0}
   * @param epochs number of epochs, {@code >= 1}
   * @param iterationsPerEpoch optimizer steps per epoch, {@code >= 1}
   * @return the schedule
   */
  public static CosineSchedule forEpochs(double base, int epochs, int iterationsPerEpoch) {
    return new CosineSchedule(base, ScheduleChecks.totalIterations(epochs, iterationsPerEpoch));
  }

  @Override
  public double rate(long iteration) {
    ScheduleChecks.checkIteration(iteration, totalIterations);
    return base * 0.5 * (1.0 + Math.cos(Math.PI * iteration / totalIterations));
  }

  @Override
  public long totalIterations() {
    return totalIterations;
  }

  /** The rate at iteration 0. */
  public double base() {
    return base;
  }

  @Override
  public String toString() {
    return "CosineSchedule[base=" + base + ", totalIterations=" + totalIterations + "]";
  }
}
