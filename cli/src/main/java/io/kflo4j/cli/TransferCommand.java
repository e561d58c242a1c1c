package io.kflo4j.cli;

import static io.kflo4j.experiments.grid.KfloArguments.FROM;
import static io.kflo4j.experiments.grid.KfloArguments.OUT;
import static io.kflo4j.experiments.grid.KfloArguments.TRANSFER;

import io.kflo4j.datasets.DatasetSpec;
import io.kflo4j.training.config.Distillation;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.TrainingDataLoader;
import io.kflo4j.transfer.TransferJob;
import io.kflo4j.transfer.init.Matching;
import io.kflo4j.transfer.init.Stacking;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kflo transfer}: stack several pretrained models into one KFLO network and fine-tune it.
 */
@Command(
    name = TRANSFER,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Initialize a network from pretrained kflo4j SavedModels and fine-tune it, then export (collapsed)"
          + " and verify it into RUN/model.",
      "kflo:BxR stacks the N sources' kernels into W1 (R >= N, default kflo:2xN); plain starts from the first.",
      "Fine-tuning: batch-norm statistics re-estimated on the target images, a head phase (the new classifier"
          + " alone), then everything, the backbone at a multiple of the classifier's rate (docs/TRANSFER.md).",
      "Defaults: --dataset cifar100 --fraction 0.4 (all images of a folder:PATH) --lr "
          + TransferJob.LEARNING_RATE_DEFAULT
          + ". Rerunning resumes or skips finished steps."
    })
final class TransferCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  private static final String DEFAULT_DATASET = "cifar100";

  @Option(
      names = FROM,
      required = true,
      split = ",",
      description = "source SavedModel directories, in order")
  List<Path> sources;

  @Option(names = OUT, required = true, description = "run directory, e.g. runs/NAME")
  Path out;

  @Option(
      names = "--stacking",
      defaultValue = TransferJob.STACKING_DEFAULT_SPEC,
      description =
          "how N sources start the network: best (ranked by a linear probe on the target, the best"
              + " one alone; also for a plain target), best-first (ranked, then stacked as first),"
              + " first (a kflo:BxR network with the sources in W1's blocks, computing the first),"
              + " average (W' the sources' mean), aligned (sources 2..N permuted to match the first,"
              + " then averaged) or first-aligned (permuted, then stacked as first)"
              + " (default: ${DEFAULT-VALUE})")
  String stacking;

  @Option(
      names = "--matching",
      defaultValue = "weights",
      description =
          "how aligned stackings match units: weights (no data), activations (their correlation on"
              + " 2000 target training images) or random (a control) (default: ${DEFAULT-VALUE})")
  String matching;

  @Option(
      names = "--distill-from",
      split = ",",
      paramLabel = "MODEL",
      description =
          "teacher SavedModels with the target's classes, or 'sources' (each source first fine-tuned"
              + " on the target into RUN-teachers/mK): the loss adds the distance to their averaged"
              + " softened predictions (docs/TRANSFER.md)")
  List<String> teachers;

  @Option(
      names = "--distill-weight",
      defaultValue = Distillation.WEIGHT_DEFAULT + ":" + Distillation.FINAL_WEIGHT_DEFAULT,
      paramLabel = "A[:B]",
      description =
          "weight of the distillation term, in (0, 1]; A:B goes linearly from A at the first step to"
              + " B at the last (default: ${DEFAULT-VALUE})")
  String distillWeight;

  @Option(
      names = "--distill-temperature",
      defaultValue = "" + Distillation.TEMPERATURE_DEFAULT,
      description = "softening temperature of the distillation (default: ${DEFAULT-VALUE})")
  double distillTemperature;

  @Mixin TrainOptions options;

  @Mixin FineTuningOptions fineTuning;

  @Override
  public Integer call() throws Exception {
    TransferJob.TransferResult result = OptionNames.naming(this::transfer);
    spec.commandLine()
        .getOut()
        .printf(
            "%s: %d epochs, final top-1 %.2f%%, top-5 %.2f%%; exported and verified: %s%n",
            result.run(),
            result.summary().epochsDone(),
            100 * result.summary().finalTop1(),
            100 * result.summary().finalTop5(),
            result.model());
    return 0;
  }

  private TransferJob.TransferResult transfer() throws IOException {
    if (options.cascadeRate == null) {
      options.cascadeRate = TransferJob.CASCADE_RATE_DEFAULT;
    }
    if (options.fraction == null) {
      options.fraction =
          TransferJob.defaultFraction(
              DatasetSpec.parse(options.dataset == null ? DEFAULT_DATASET : options.dataset));
    }
    TrainConfig config =
        options
            .toConfig(
                out,
                DEFAULT_DATASET,
                TransferJob.defaultReparam(sources.size()),
                TransferJob.LEARNING_RATE_DEFAULT)
            .toBuilder()
            .schedule(s -> s.fineTuning(fineTuning.toFineTuning()))
            .optimizer(
                o ->
                    o.distillation(
                        teachers == null
                            ? null
                            : teachers.equals(List.of(Distillation.FROM_SOURCES))
                                ? new Distillation(
                                    List.of(), true, weight(0), distillTemperature, weight(1))
                                : new Distillation(
                                    teachers.stream()
                                        .map(t -> Path.of(t).toAbsolutePath().normalize())
                                        .toList(),
                                    false,
                                    weight(0),
                                    distillTemperature,
                                    weight(1))))
            .build();
    return TransferJob.run(
        sources,
        config,
        Stacking.parse(stacking),
        Matching.parse(matching),
        TrainingDataLoader::load);
  }

  /**
   * The first (0) or last (1) weight of {@code --distill-weight A[:B]}.
   *
   * @throws IllegalArgumentException naming the option when a part is not a number
   */
  private double weight(int part) {
    String[] parts = distillWeight.split(":", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException(
          "--distill-weight '" + distillWeight + "': expected A or A:B, e.g. 0.8 or 0.8:0");
    }
    try {
      return Double.parseDouble(parts[Math.min(part, parts.length - 1)].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--distill-weight '" + distillWeight + "': expected A or A:B, e.g. 0.8 or 0.8:0");
    }
  }
}
