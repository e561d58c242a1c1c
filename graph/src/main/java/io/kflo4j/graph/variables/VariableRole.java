package io.kflo4j.graph.variables;

/**
 * What a model variable holds, whatever parameterization created it. Trainability and the
 * reference's learning-rate factor on biases follow from the role; weight decay does not (each
 * decay term carries its own {@code io.kflo4j.graph.reparam.Decay}).
 */
public enum VariableRole {
  /** A kernel or a factor of one (a plain kernel, KFLO's W1, a branch kernel, ...). */
  KERNEL(true),
  /**
   * A pointwise kernel that filters another kernel as data rather than the feature maps (KFLO's
   * cascade W2..WB): its rate can be scaled apart from the kernel it filters.
   */
  CASCADE(true),
  /** A bias or a factor of one (a plain bias, KFLO's b1). */
  BIAS(true),
  /** Batch-norm scale. */
  BN_GAMMA(true),
  /** Batch-norm offset. */
  BN_BETA(true),
  /** Batch-norm moving mean: updated by the training step, never by gradients. */
  BN_MOVING_MEAN(false),
  /** Batch-norm moving variance: updated by the training step, never by gradients. */
  BN_MOVING_VARIANCE(false);

  private final boolean trainable;

  VariableRole(boolean trainable) {
    this.trainable = trainable;
  }

  /** Whether gradients update variables of this role. */
  public boolean trainable() {
    return trainable;
  }
}
