package io.kflo4j.training.loop;

import java.util.Map;

/**
 * The rates of one training step.
 *
 * @param rate the classifier's (and, at multiplier 1, everything's) learning rate
 * @param backboneMultiplier the backbone's rate relative to {@code rate}
 * @param cascade per layer, the factor on its cascade kernels' rate (absent layers: 1)
 * @param distillationWeight the distillation term's weight at this step (NaN: the configuration's
 *     first weight)
 */
public record StepRates(
    double rate,
    double backboneMultiplier,
    Map<String, Double> cascade,
    double distillationWeight) {
  /** Copies the map. */
  public StepRates {
    cascade = Map.copyOf(cascade);
  }

  /** Rates at the configuration's distillation weight. */
  public StepRates(double rate, double backboneMultiplier, Map<String, Double> cascade) {
    this(rate, backboneMultiplier, cascade, Double.NaN);
  }

  /** Everything at {@code rate}, every cascade at its layer's rate. */
  public static StepRates uniform(double rate) {
    return new StepRates(rate, 1.0, Map.of());
  }
}
