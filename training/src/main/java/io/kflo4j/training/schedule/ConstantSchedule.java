package io.kflo4j.training.schedule;

/** The same rate at every iteration (useful for fine-tuning and tests). */
public final class ConstantSchedule implements LearningRateSchedule {

  private final double base;
  private final long totalIterations;

  /**
   * A constant schedule.
   *
   * @param base the rate, finite and {@code > 0}
   * @param totalIterations the number of iterations covered, {@code >= 1}
   */
  public ConstantSchedule(double base, long totalIterations) {
    this.base = ScheduleChecks.checkBase(base);
    this.totalIterations = ScheduleChecks.checkPositive("totalIterations", totalIterations);
  }

  @Override
  public double rate(long iteration) {
    ScheduleChecks.checkIteration(iteration, totalIterations);
    return base;
  }

  @Override
  public long totalIterations() {
    return totalIterations;
  }

  @Override
  public String toString() {
    return "ConstantSchedule[base=" + base + ", totalIterations=" + totalIterations + "]";
  }
}
