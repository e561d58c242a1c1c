package io.kflo4j.training.decay;

import io.kflo4j.graph.reparam.Decay;
import io.kflo4j.graph.reparam.DecayTerm;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Weight decay by decay class, exactly as the reference implementation trains. With the vanilla
 * value {@code wd} (default 1e-4) each decay term x receives the decay gradient {@code
 * gradientCoefficient * x}:
 *
 * <ul>
 *   <li>{@link Decay#VANILLA} (plain kernels and biases, batch-norm gamma and beta): {@code wd},
 *       PyTorch SGD's {@code weight_decay};
 *   <li>{@link Decay#DEPLOYED} (KFLO's generated W'): {@code 2 * wd} (the reference adds {@code wd
 *       * sum(W'^2)} to the loss), which reaches the factors through the product: the deployed
 *       weight is what gets regularized;
 *   <li>{@link Decay#WEAK} (KFLO's cascade W2..WB): {@link #WEAK_DECAY} (1e-9; 0 when wd = 0);
 *   <li>{@link Decay#NONE} (KFLO's W1 and b1): none.
 * </ul>
 *
 * Each parameterization tags its own terms (docs/TRAINING.md lists them); moving statistics have
 * none. The decay loss is {@code sum over tensors of gradientCoefficient * sum(x^2) / 2}, whose
 * gradient is exactly the rule above.
 */
public final class DecayPolicy {
  /** The reference's weak decay (on KFLO's pointwise cascade kernels). */
  public static final double WEAK_DECAY = 1e-9;

  private final double vanilla;

  /** The rule with vanilla decay {@code vanilla} (>= 0). */
  public DecayPolicy(double vanilla) {
    if (vanilla < 0 || Double.isNaN(vanilla)) {
      throw new IllegalArgumentException("weight decay must be >= 0, got " + vanilla);
    }
    this.vanilla = vanilla;
  }

  /**
   * The coefficient c of the decay gradient {@code c * x} a tensor of that class receives (0 means
   * no term).
   */
  public double gradientCoefficient(Decay decay) {
    return switch (decay) {
      case VANILLA -> vanilla;
      case DEPLOYED -> 2 * vanilla;
      case WEAK -> vanilla == 0 ? 0 : WEAK_DECAY;
      case NONE -> 0;
    };
  }

  /** The coefficient of a decay term's gradient. */
  public double gradientCoefficient(DecayTerm term) {
    return gradientCoefficient(term.decay());
  }

  /**
   * The decay loss over {@code terms}: {@code sum of c * sum(x^2) / 2} ({@code c * l2Loss(x)}), 0
   * if none.
   */
  public Operand<TFloat32> loss(Ops tf, List<DecayTerm> terms) {
    Operand<TFloat32> total = tf.constant(0f);
    for (DecayTerm term : terms) {
      double coefficient = gradientCoefficient(term);
      if (coefficient > 0) {
        total =
            tf.math.add(
                total, tf.math.mul(tf.nn.l2Loss(term.value()), tf.constant((float) coefficient)));
      }
    }
    return total;
  }
}
