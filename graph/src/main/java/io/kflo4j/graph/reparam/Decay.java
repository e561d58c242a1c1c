package io.kflo4j.graph.reparam;

/**
 * The weight-decay class of one decay term, chosen by the parameterization that creates the tensor;
 * the trainer turns it into a coefficient from the vanilla decay {@code wd} and never needs to know
 * which parameterization made the term.
 */
public enum Decay {
  /**
   * {@code wd}: PyTorch SGD's {@code weight_decay} on a parameter (plain kernels and biases, batch
   * norms).
   */
  VANILLA,
  /**
   * {@code 2 * wd}: a generated (deployed) tensor regularized as the reference does, by adding
   * {@code wd * sum(x^2)} to the loss; the decay reaches the factors through the product.
   */
  DEPLOYED,
  /**
   * A weak fixed decay (1e-9 in the reference) on factors that must stay free, such as KFLO's
   * cascade; 0 if wd is 0.
   */
  WEAK,
  /** No decay. */
  NONE
}
