package io.kflo4j.training.decay;

import io.kflo4j.graph.variables.VariableRole;

/**
 * Learning rate per parameter group, as the reference trains: every parameter whose name holds
 * "bias" there (biases of any parameterization, KFLO's b1 included, and batch-norm beta) gets
 * {@link #BIAS_MULTIPLIER} times the scheduled rate, every other one the rate itself.
 */
public final class LearningRateMultipliers {
  /** The reference's factor on biases. */
  public static final double BIAS_MULTIPLIER = 2.0;

  private LearningRateMultipliers() {}

  /** The factor on the scheduled learning rate for a trainable variable of that role. */
  public static double of(VariableRole role) {
    return switch (role) {
      case BIAS, BN_BETA -> BIAS_MULTIPLIER;
      default -> 1.0;
    };
  }
}
