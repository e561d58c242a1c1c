package io.kflo4j.training.schedule;

import java.util.Arrays;
import java.util.List;

/**
 * Piecewise-constant decay at epoch milestones (PyTorch's {@code MultiStepLR}, stepped per epoch):
 *
 * <pre>
 *   rate(t) = base * gamma^(number of milestones m with m &lt;= e),   e = t / iterationsPerEpoch (0-based epoch)
 * </pre>
 *
 * <p>With milestones {@code [80, 120]} and gamma 0.1, epochs 0..79 use {@code base}, epochs 80..119
 * use {@code base * 0.1} and epochs from 120 on use {@code base * 0.01}. Milestones are 0-based
 * epoch indices, strictly increasing, each in {@code [1, epochs - 1]} (a milestone at 0 or at/after
 * the last epoch would never change anything, so it is rejected as a likely mistake).
 */
public final class StepSchedule implements LearningRateSchedule {

  private final double base;
  private final double gamma;
  private final int[] milestones;
  private final int iterationsPerEpoch;
  private final long totalIterations;

  /**
   * A step schedule.
   *
   * @param base the rate before the first milestone, finite and {@code > 0}
   * @param gamma the factor applied at each milestone, in {@code (0, 1]}
   * @param milestones 0-based epochs where the rate is multiplied by gamma, strictly increasing, in
   *     {@code [1, epochs - 1]}; may be empty
   * @param epochs number of epochs, {@code >= 1}
   * @param iterationsPerEpoch optimizer steps per epoch, {@code >= 1}
   */
  public StepSchedule(
      double base, double gamma, List<Integer> milestones, int epochs, int iterationsPerEpoch) {
    this.base = ScheduleChecks.checkBase(base);
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
    }
    this.gamma = gamma;
    this.totalIterations = ScheduleChecks.totalIterations(epochs, iterationsPerEpoch);
    this.iterationsPerEpoch = iterationsPerEpoch;
    this.milestones = new int[milestones.size()];
    int previous = 0;
    for (int i = 0; i < this.milestones.length; i++) {
      Integer m = milestones.get(i);
      if (m == null || m < 1 || m > epochs - 1) {
        throw new IllegalArgumentException(
            "milestone "
                + m
                + " must be an epoch in [1, "
                + (epochs - 1)
                + "] (epochs = "
                + epochs
                + ")");
      }
      if (m <= previous) {
        throw new IllegalArgumentException(
            "milestones must be strictly increasing, got " + milestones);
      }
      this.milestones[i] = m;
      previous = m;
    }
  }

  @Override
  public double rate(long iteration) {
    ScheduleChecks.checkIteration(iteration, totalIterations);
    long epoch = iteration / iterationsPerEpoch;
    int passed = 0;
    while (passed < milestones.length && milestones[passed] <= epoch) {
      passed++;
    }
    return base * Math.pow(gamma, passed);
  }

  @Override
  public long totalIterations() {
    return totalIterations;
  }

  @Override
  public String toString() {
    return "StepSchedule[base="
        + base
        + ", gamma="
        + gamma
        + ", milestones="
        + Arrays.toString(milestones)
        + ", iterationsPerEpoch="
        + iterationsPerEpoch
        + ", totalIterations="
        + totalIterations
        + "]";
  }
}
