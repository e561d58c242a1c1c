package io.kflo4j.cli;

import io.kflo4j.training.Training;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.metrics.RunSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kflo train}: trains one model and writes a run directory. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a model (SGD with momentum, cosine schedule, decay by role) into a run directory.",
      "The run directory holds config.json, metrics.csv, summary.json, metrics.png and the last checkpoint."
    })
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "run directory, e.g. runs/NAME")
  Path out;

  @Option(
      names = "--resume",
      description =
          "continue the run in --out after its last checkpoint (from its start when "
              + "it has none yet), with its config, in --out itself even if the run was copied or moved there")
  boolean resume;

  @Mixin TrainOptions options;

  @Override
  public Integer call() throws Exception {
    RunSummary summary;
    if (resume) {
      summary = Training.resume(out);
    } else {
      TrainConfig config =
          options.toConfig(out, "cifar10", "plain", OptimizerSettings.LEARNING_RATE_DEFAULT);
      summary = Training.train(config);
    }
    System.out.printf(
        "%s: %d epochs, final %s top-1 %.2f%%, top-5 %.2f%% (best top-1 %.2f%% at epoch %d), %.0f s%n",
        out,
        summary.epochsDone(),
        summary.extras().getOrDefault("evaluation", "test"),
        100 * summary.finalTop1(),
        100 * summary.finalTop5(),
        100 * summary.bestTop1(),
        summary.bestTop1Epoch(),
        summary.totalSeconds());
    return 0;
  }
}
