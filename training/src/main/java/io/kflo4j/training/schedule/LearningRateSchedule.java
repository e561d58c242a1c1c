package io.kflo4j.training.schedule;

/**
 * A learning rate as a function of the global training iteration (one iteration = one optimizer
 * step, counted from 0 over the whole run, across epochs).
 *
 * <p>A schedule is defined for the iterations {@code 0 <= iteration < totalIterations()};
 * implementations throw {@link IllegalArgumentException} outside that range, so a trainer that
 * steps too far fails loudly instead of training with a made-up rate. Implementations are immutable
 * and thread-safe.
 */
public interface LearningRateSchedule {

  /**
   * The learning rate to use for the optimizer step numbered {@code iteration}.
   *
   * @param iteration the global iteration, in {@code [0, totalIterations())}
   * @return the learning rate, finite and {@code >= 0}
   * @throws IllegalArgumentException if {@code iteration} is outside {@code [0, totalIterations())}
   */
  double rate(long iteration);

  /**
   * The number of iterations this schedule covers (epochs times iterations per epoch for a whole
   * run).
   *
   * @return the number of iterations, {@code >= 1}
   */
  long totalIterations();
}
