package io.kflo4j.training.decay;

import io.kflo4j.graph.reparam.DecayTerm;
import io.kflo4j.graph.variables.VariableRole;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Weight decay by role, exactly as the reference implementation trains. With the vanilla value {@code wd} (default
 * 1e-4) each tensor x receives the decay gradient {@code gradientCoefficient * x}:
 * <ul>
 *   <li>plain kernels, plain biases, batch-norm gamma and beta: {@code wd} (PyTorch SGD's {@code weight_decay});
 *   <li>KFLO's generated kernel W': {@code 2 * wd} (the reference adds {@code wd * sum(W'^2)} to the loss), which
 *       reaches W1 and the cascade through the product: the deployed weight is what gets regularized;
 *   <li>KFLO's cascade kernels W2..WB: {@link #CASCADE_DECAY} (1e-9; 0 when wd = 0);
 *   <li>KFLO's W1, b1 and generated bias b': none;
 *   <li>moving statistics: none (not trainable).
 * </ul>
 * The decay loss is {@code sum over tensors of gradientCoefficient * sum(x^2) / 2}, whose gradient is exactly the
 * rule above.
 */
public final class DecayPolicy {
  /** The reference's weak decay on the pointwise cascade kernels. */
  public static final double CASCADE_DECAY = 1e-9;

  private final double vanilla;

  /** The rule with vanilla decay {@code vanilla} (>= 0). */
  public DecayPolicy(double vanilla) {
    if (vanilla < 0 || Double.isNaN(vanilla)) {
      throw new IllegalArgumentException("weight decay must be >= 0, got " + vanilla);
    }
    this.vanilla = vanilla;
  }

  /** The coefficient c of the decay gradient {@code c * x} a tensor of that role receives (0 means no term). */
  public double gradientCoefficient(VariableRole role) {
    return switch (role) {
      case PLAIN_KERNEL, BIAS, BN_GAMMA, BN_BETA -> vanilla;
      case GENERATED_KERNEL -> 2 * vanilla;
      case CASCADE_KERNEL -> vanilla == 0 ? 0 : CASCADE_DECAY;
      case FILTERED_KERNEL, FILTERED_BIAS, GENERATED_BIAS, BN_MOVING_MEAN, BN_MOVING_VARIANCE -> 0;
    };
  }

  /** The coefficient of a decay term's gradient. */
  public double gradientCoefficient(DecayTerm term) {
    return gradientCoefficient(term.role());
  }

  /** The decay loss over {@code terms}: {@code sum of c * sum(x^2) / 2} ({@code c * l2Loss(x)}), 0 if none. */
  public Operand<TFloat32> loss(Ops tf, List<DecayTerm> terms) {
    Operand<TFloat32> total = tf.constant(0f);
    for (DecayTerm term : terms) {
      double coefficient = gradientCoefficient(term);
      if (coefficient > 0) {
        total = tf.math.add(total, tf.math.mul(tf.nn.l2Loss(term.value()), tf.constant((float) coefficient)));
      }
    }
    return total;
  }
}
