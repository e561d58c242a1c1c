package io.kflo4j.training.decay;

import io.kflo4j.graph.reparam.DecayTerm;
import io.kflo4j.graph.variables.VariableRole;

/**
 * Weight decay by role, the paper's rule extended to biases and batch norm. With the vanilla value {@code wd}
 * (default 1e-4) the loss gains {@code coefficient * sum(x^2)} (no 1/2, as the reference) for every tensor x:
 * <ul>
 *   <li>plain kernels and KFLO's generated kernels W': {@code wd};
 *   <li>KFLO's W1 and b1: none;
 *   <li>KFLO's cascade kernels W2..WB: {@link #CASCADE_DECAY} (1e-9);
 *   <li>biases (plain, or KFLO's generated b'), batch-norm gamma and beta: {@code wd}, as the reference leaves
 *       them through the optimizer;
 *   <li>moving statistics: none (not trainable).
 * </ul>
 * Decay on a generated tensor reaches its factors through the gradient of the product, which is the paper's point:
 * the deployed weight is what gets regularized.
 */
public final class DecayPolicy {
  /** The paper's weak decay on the pointwise cascade kernels. */
  public static final double CASCADE_DECAY = 1e-9;

  private final double vanilla;

  /** The rule with vanilla decay {@code vanilla} (>= 0). */
  public DecayPolicy(double vanilla) {
    if (vanilla < 0 || Double.isNaN(vanilla)) {
      throw new IllegalArgumentException("weight decay must be >= 0, got " + vanilla);
    }
    this.vanilla = vanilla;
  }

  /** The coefficient of {@code sum(x^2)} for a tensor of that role (0 means no term). */
  public double coefficient(VariableRole role) {
    return switch (role) {
      case PLAIN_KERNEL, GENERATED_KERNEL, BIAS, GENERATED_BIAS, BN_GAMMA, BN_BETA -> vanilla;
      case CASCADE_KERNEL -> vanilla == 0 ? 0 : CASCADE_DECAY;
      case FILTERED_KERNEL, FILTERED_BIAS, BN_MOVING_MEAN, BN_MOVING_VARIANCE -> 0;
    };
  }

  /** The coefficient of a decay term. */
  public double coefficient(DecayTerm term) {
    return coefficient(term.role());
  }
}
