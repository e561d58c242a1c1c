package io.kflo4j.cli;

import static io.kflo4j.experiments.grid.KfloArguments.OUT;
import static io.kflo4j.experiments.grid.KfloArguments.RESUME;
import static io.kflo4j.experiments.grid.KfloArguments.TRAIN;

import io.kflo4j.training.Training;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kflo train}: trains one model and writes a run directory. */
@Command(
    name = TRAIN,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a model (SGD with momentum, cosine schedule, decay by role) into a run directory.",
      "The run directory holds config.json, metrics.csv, summary.json, metrics.png and the last checkpoint."
    })
final class TrainCommand implements Callable<Integer> {
  @Option(names = OUT, required = true, description = "run directory, e.g. runs/NAME")
  Path out;

  @Option(
      names = RESUME,
      description =
          "continue the run in --out after its last checkpoint (from its start when "
              + "it has none yet), with its config, in --out itself even if the run was copied or moved there")
  boolean resume;

  @Mixin TrainOptions options;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RunSummary summary = OptionNames.naming(this::train);
    spec.commandLine()
        .getOut()
        .printf(
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

  private RunSummary train() throws IOException {
    if (resume) {
      refuseOptionsOnResume();
      return Training.resume(out);
    }
    return Training.train(
        options.toConfig(out, "cifar10", "plain", OptimizerSettings.LEARNING_RATE_DEFAULT));
  }

  /** A resumed run keeps its recorded configuration: an option that would change it is refused. */
  private void refuseOptionsOnResume() {
    List<String> given =
        spec.commandLine().getParseResult().matchedOptions().stream()
            .map(CommandLine.Model.OptionSpec::longestName)
            .filter(name -> !name.equals("--out") && !name.equals("--resume"))
            .toList();
    if (!given.isEmpty()) {
      throw new IllegalArgumentException(
          "--resume continues the run with the configuration recorded in its "
              + RunDirectory.CONFIG_FILE
              + ": "
              + String.join(", ", given)
              + " cannot"
              + " be given with it (train into a new --out to change "
              + (given.size() == 1 ? "it" : "them")
              + ")");
    }
  }
}
