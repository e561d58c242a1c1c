package io.kflo4j.training.loop;

import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.schedule.LearningRateSchedule;
import io.kflo4j.training.schedule.LearningRateSchedules;
import java.util.Optional;

/**
 * The learning rate and step kind of every iteration of a run: without a fine-tuning recipe, the
 * run's schedule over all its epochs; with one, the head phase at its constant rate, then the run's
 * schedule over the remaining epochs (its clock restarting at the phase's first iteration).
 */
final class FineTuningPhases {
  private final Optional<FineTuning> recipe;
  private final int headEpochs;
  private final long headIterations;
  private final LearningRateSchedule schedule;

  FineTuningPhases(TrainConfig config, int iterationsPerEpoch) {
    this.recipe = config.schedule().fineTuning();
    this.headEpochs = recipe.map(FineTuning::headEpochs).orElse(0);
    this.headIterations = (long) headEpochs * iterationsPerEpoch;
    this.schedule =
        LearningRateSchedules.parse(
            config.schedule().schedule(),
            config.optimizer().learningRate(),
            config.schedule().scheduledEpochs(),
            iterationsPerEpoch,
            config.schedule().warmupEpochs() * iterationsPerEpoch);
  }

  /** Whether epoch {@code epoch} (1-based) trains the classifier alone. */
  boolean inHeadPhase(int epoch) {
    return epoch <= headEpochs;
  }

  /** Whether epoch {@code epoch} is the first to train everything after a head phase. */
  boolean startsFullPhase(int epoch) {
    return headEpochs > 0 && epoch == headEpochs + 1;
  }

  /** The run iteration (0-based) of the first step that trains the backbone. */
  long firstBackboneStep() {
    return headIterations;
  }

  /** The rate of the step at run iteration {@code iteration} (0-based) in epoch {@code epoch}. */
  double rate(int epoch, long iteration) {
    return inHeadPhase(epoch)
        ? recipe.orElseThrow().headLearningRate()
        : schedule.rate(iteration - headIterations);
  }

  /** The backbone's rate relative to the classifier's after the head phase (1 without a recipe). */
  double backboneMultiplier() {
    return recipe.map(FineTuning::backboneMultiplier).orElse(1.0);
  }

  /**
   * Whether the run re-estimates batch-norm statistics on its training images before its first
   * step.
   */
  boolean reestimatesBatchNorm() {
    return recipe.map(FineTuning::reestimateBatchNorm).orElse(false);
  }
}
