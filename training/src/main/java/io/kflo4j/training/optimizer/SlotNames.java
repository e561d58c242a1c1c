package io.kflo4j.training.optimizer;

/**
 * The names of the per-variable training state beside a model variable {@code <var>}, in the graph
 * and in checkpoints: a contract (docs/VARIABLES.md), renaming breaks resuming old runs.
 */
public final class SlotNames {
  /** Suffix of a variable's momentum accumulator: {@code <var>_momentum}. */
  public static final String MOMENTUM_SUFFIX = "_momentum";

  /** Suffix of a variable's exponential moving average: {@code <var>_ema}. */
  public static final String EMA_SUFFIX = "_ema";

  private SlotNames() {}

  /** The momentum accumulator's name for {@code variable}. */
  public static String momentum(String variable) {
    return variable + MOMENTUM_SUFFIX;
  }

  /** The moving average's name for {@code variable}. */
  public static String ema(String variable) {
    return variable + EMA_SUFFIX;
  }
}
