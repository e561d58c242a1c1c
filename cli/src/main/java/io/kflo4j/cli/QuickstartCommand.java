package io.kflo4j.cli;

import io.kflo4j.experiments.quickstart.Quickstart;
import io.kflo4j.experiments.quickstart.QuickstartConfig;
import io.kflo4j.experiments.quickstart.ResultsReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kflo quickstart}: the main job, end to end. */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The main job: find or fetch the data; pretrain N Cifar-quick models on CIFAR-10 and export them;"
          + " on 40%% of CIFAR-100 run plain and kflo:2x4 from scratch, plain transfer from model 1 and kflo:2xN"
          + " transfer from the best of the N (ranked by a linear probe on the target); export and verify each; write results.md, results.csv and results.png.",
      "About 20 minutes on a 2-core machine with the defaults; raise the epochs towards the paper's schedule.",
      "Rerunning reuses finished steps and resumes an interrupted one."
    })
final class QuickstartCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--out",
      defaultValue = "runs/quickstart",
      description = "output directory (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--sources",
      defaultValue = "" + QuickstartConfig.SOURCES_DEFAULT,
      description = "N pretrained CIFAR-10 models (default: ${DEFAULT-VALUE})")
  int sources;

  @Option(
      names = "--pretrain-epochs",
      defaultValue = "" + QuickstartConfig.PRETRAIN_EPOCHS_DEFAULT,
      description = "epochs of each CIFAR-10 pretraining (default: ${DEFAULT-VALUE})")
  int pretrainEpochs;

  @Option(
      names = "--epochs",
      defaultValue = "" + QuickstartConfig.FINETUNE_EPOCHS_DEFAULT,
      description = "epochs of each CIFAR-100 run (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--arch",
      defaultValue = QuickstartConfig.ARCH_DEFAULT,
      description = "architecture (default: ${DEFAULT-VALUE})")
  String arch;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "base seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--cifar100-from",
      description =
          "CIFAR-100 archive to install from when the data directory lacks it"
              + " (default: $KFLO_CIFAR100_ARCHIVE, else ../shared/data/cifar-100-binary.tar.gz when present)")
  Path cifar100Archive;

  @Option(
      names = "--data-dir",
      description = "data directory (default: $KFLO_DATA_DIR or the user cache)")
  Path dataDir;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "TensorFlow intra-op threads, 0 = default")
  int threads;

  @Override
  public Integer call() throws Exception {
    QuickstartConfig.Builder builder =
        QuickstartConfig.builder()
            .setOutDir(out.toAbsolutePath().normalize())
            .optSources(sources)
            .optPretrainEpochs(pretrainEpochs)
            .optFinetuneEpochs(epochs)
            .optArch(arch)
            .optSeed(seed)
            .optThreads(threads);
    if (cifar100Archive != null) {
      builder.optCifar100Archive(cifar100Archive);
    }
    if (dataDir != null) {
      builder.optDataDir(dataDir);
    }
    new Quickstart(builder.build()).run();
    spec.commandLine().getOut().println(Files.readString(out.resolve(ResultsReport.MARKDOWN)));
    spec.commandLine()
        .getOut()
        .println(
            "Also: " + out.resolve(ResultsReport.CSV) + ", " + out.resolve(ResultsReport.CHART));
    return 0;
  }
}
