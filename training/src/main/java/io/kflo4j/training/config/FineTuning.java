package io.kflo4j.training.config;

import java.util.ArrayList;
import java.util.List;

/**
 * How a run started from pretrained weights is fine-tuned: a head phase, then everything at
 * per-group rates.
 *
 * <ol>
 *   <li>Before the first step, the batch-norm moving statistics are re-estimated on the target's
 *       training images (when {@code reestimateBatchNorm}): the pretrained statistics describe the
 *       source data.
 *   <li>Head phase, epochs {@code 1..headEpochs}: only the classifier (the last kernel layer)
 *       trains, at the constant rate {@code headLearningRate}; the backbone's gradients are not
 *       even computed.
 *   <li>Then every epoch to the end: the run's schedule from its base learning rate over the
 *       remaining epochs, the classifier at the base rate, the backbone at {@code
 *       backboneMultiplier} times it; momentum restarts from zero when this phase begins.
 * </ol>
 *
 * The first {@code frozenLayers} kernel layers (with their batch norms' gamma and beta) never
 * train.
 *
 * @param headEpochs epochs of the head phase, >= 0
 * @param headLearningRate the head phase's constant rate, > 0
 * @param backboneMultiplier the backbone's rate relative to the base rate after the head phase, in
 *     [0, 1]
 * @param frozenLayers leading kernel layers that never train, >= 0
 * @param reestimateBatchNorm whether to re-estimate batch-norm statistics on the target data first
 */
public record FineTuning(
    int headEpochs,
    double headLearningRate,
    double backboneMultiplier,
    int frozenLayers,
    boolean reestimateBatchNorm) {

  /** Validates every field, naming each bad one. */
  public FineTuning {
    List<String> errors = new ArrayList<>();
    if (headEpochs < 0) {
      errors.add("headEpochs must be >= 0, got " + headEpochs);
    }
    if (!(headLearningRate > 0) || !Double.isFinite(headLearningRate)) {
      errors.add("headLearningRate must be finite and > 0, got " + headLearningRate);
    }
    if (!(backboneMultiplier >= 0 && backboneMultiplier <= 1)) {
      errors.add("backboneMultiplier must be in [0, 1], got " + backboneMultiplier);
    }
    if (frozenLayers < 0) {
      errors.add("frozenLayers must be >= 0, got " + frozenLayers);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("fine-tuning: " + String.join("; ", errors));
    }
  }
}
