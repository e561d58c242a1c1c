package io.kflo4j.cli;

import io.kflo4j.training.config.FineTuning;
import io.kflo4j.transfer.TransferJob;
import picocli.CommandLine.Option;

/**
 * {@code kflo transfer}'s fine-tuning recipe; unset options keep {@link
 * TransferJob#FINE_TUNING_DEFAULT}'s.
 */
final class FineTuningOptions {
  @Option(
      names = "--head-epochs",
      description =
          "epochs training the new classifier alone, backbone frozen (default: ${DEFAULT-VALUE})",
      defaultValue = "" + TransferJob.HEAD_EPOCHS_DEFAULT)
  int headEpochs;

  @Option(
      names = "--head-lr",
      description = "the head phase's constant learning rate (default: ${DEFAULT-VALUE})",
      defaultValue = "" + TransferJob.HEAD_LEARNING_RATE_DEFAULT)
  double headLearningRate;

  @Option(
      names = "--backbone-lr-multiplier",
      description =
          "after the head phase, the backbone's rate as a multiple of --lr (the classifier's), in [0, 1]"
              + " (default: ${DEFAULT-VALUE})",
      defaultValue = "" + TransferJob.BACKBONE_MULTIPLIER_DEFAULT)
  double backboneMultiplier;

  @Option(
      names = "--freeze-layers",
      description = "leading kernel layers that never train (default: ${DEFAULT-VALUE})",
      defaultValue = "0")
  int frozenLayers;

  @Option(
      names = "--no-bn-reestimate",
      description =
          "keep the sources' batch-norm statistics instead of re-estimating them on the target images")
  boolean keepStatistics;

  /** The recipe these options describe. */
  FineTuning toFineTuning() {
    return new FineTuning(
        headEpochs, headLearningRate, backboneMultiplier, frozenLayers, !keepStatistics);
  }
}
