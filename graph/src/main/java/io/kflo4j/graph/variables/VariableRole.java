package io.kflo4j.graph.variables;

/**
 * What a model variable (or generated tensor) is for. The trainer derives weight decay from the role alone, so a
 * new parameterization only has to tag its variables correctly.
 */
public enum VariableRole {
  /** The kernel of a plain (not reparameterized) conv or dense layer; vanilla decay. */
  PLAIN_KERNEL(true),
  /** A kernel generated in the graph from other variables (KFLO W'); not a variable itself; vanilla decay. */
  GENERATED_KERNEL(true),
  /** KFLO's widened kernel W1; no decay. */
  FILTERED_KERNEL(true),
  /** A KFLO pointwise cascade kernel W2..WB; decay 1e-9. */
  CASCADE_KERNEL(true),
  /** A bias generated in the graph from other variables (KFLO b'); not a variable itself; vanilla decay. */
  GENERATED_BIAS(true),
  /** A plain bias. */
  BIAS(true),
  /** KFLO's widened bias b1, filtered by the cascade into the generated bias. */
  FILTERED_BIAS(true),
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
