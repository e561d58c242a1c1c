package io.kflo4j.cli;

import io.kflo4j.experiments.bench.PyTorchReference;
import io.kflo4j.experiments.bench.StepBenchmark;
import io.kflo4j.experiments.bench.StepProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kflo bench train}: training-step times of several parameterizations, interleaved in one
 * process.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Median training-step time per parameterization, ratio to the first, images/s and GFLOP/s.")
final class BenchTrainCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--arch",
      defaultValue = "cifar-quick",
      description = "architecture (default: ${DEFAULT-VALUE})")
  String arch;

  @Option(
      names = "--reparam",
      defaultValue = "plain,kflo:2x4",
      split = ",",
      description =
          "parameterizations, the first is the reference: ${sys:kflo.parameterizations} (default: ${DEFAULT-VALUE})")
  List<String> reparams;

  @Option(
      names = "--classes",
      defaultValue = "10",
      description = "classes (default: ${DEFAULT-VALUE})")
  int classes;

  @Option(
      names = "--batch",
      defaultValue = "128",
      description = "batch size (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description = "warm-up steps per graph (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--rounds",
      defaultValue = "50",
      description = "timed rounds (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "intra-op threads, 0 = default (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--profile",
      defaultValue = "0",
      description =
          "after timing, trace this many steps per graph and print where the time goes by op type"
              + " (default: ${DEFAULT-VALUE}, no profile)")
  int profileSteps;

  @Option(
      names = "--vs-pytorch",
      description =
          "also time the PyTorch reference-style Cifar-quick step (python3-torch) between the"
              + " rounds, plain and KFLO 2x4, and print the ratios")
  boolean vsPyTorch;

  @Option(
      names = "--torch-script",
      description =
          "the PyTorch reference step (default: the one kflo carries, experiments' torch_cifarquick_step.py)")
  Path torchScript;

  @Option(
      names = "--python",
      defaultValue = "python3",
      description = "the python with torch, e.g. /usr/bin/python3 (default: ${DEFAULT-VALUE})")
  String python;

  private static final int CHUNKS = 3;
  private static final int KFLO_RHO = 4;

  @Override
  public Integer call() {
    var log = LogManager.getLogger(BenchTrainCommand.class);
    StepBenchmark benchmark =
        new StepBenchmark(
            new StepBenchmark.Settings(
                arch, reparams, classes, batch, warmup, rounds, threads, profileSteps));
    PyTorchReference torch = vsPyTorch ? pyTorch() : null;
    int torchSteps = Math.max(rounds / CHUNKS, 5);
    List<StepBenchmark.Row> rows =
        torch == null
            ? benchmark.run(log::info)
            : benchmark.run(
                log::info,
                CHUNKS,
                chunk -> {
                  log.info("PyTorch reference, chunk {}/{}", chunk + 1, CHUNKS);
                  torch.measure(0, torchSteps);
                  torch.measure(KFLO_RHO, torchSteps);
                });
    out()
        .printf(
            "%s, batch %d, %d rounds after %d warm-up steps, %d cores%n",
            arch, batch, rounds, warmup, Runtime.getRuntime().availableProcessors());
    out()
        .printf(
            "%-12s %12s %10s %10s %9s%n", "reparam", "median step", "ratio", "images/s", "GFLOP/s");
    for (StepBenchmark.Row row : rows) {
      spec.commandLine()
          .getOut()
          .printf(
              "%-12s %10.1f ms %10.3f %10.0f %9.2f%n",
              row.reparam(),
              1000 * row.medianStepSeconds(),
              row.ratioToFirst(),
              row.imagesPerSecond(),
              row.gflops());
    }
    if (torch != null) {
      printPyTorch(rows, torch, torchSteps);
    }
    rows.forEach(row -> row.profile().ifPresent(profile -> printProfile(row.reparam(), profile)));
    return 0;
  }

  private PyTorchReference pyTorch() {
    if (!arch.equals("cifar-quick") || batch != 128) {
      throw new IllegalArgumentException(
          "--vs-pytorch compares the reference Cifar-quick step at batch 128: use --arch cifar-quick"
              + " --batch 128");
    }
    String missing = PyTorchReference.unavailableReason(python);
    if (missing != null) {
      throw new IllegalArgumentException("--vs-pytorch: " + missing);
    }
    return torchScript == null
        ? PyTorchReference.bundled(python)
        : new PyTorchReference(python, torchScript);
  }

  private void printPyTorch(List<StepBenchmark.Row> rows, PyTorchReference torch, int torchSteps) {
    out()
        .printf(
            "PyTorch reference (%d x %d steps between the rounds): plain %.1f ms, KFLO 2x%d %.1f ms%n",
            CHUNKS, torchSteps, torch.medianMillis(0), KFLO_RHO, torch.medianMillis(KFLO_RHO));
    for (StepBenchmark.Row row : rows) {
      Integer rho =
          row.reparam().equals("plain")
              ? Integer.valueOf(0)
              : row.reparam().equals("kflo:2x" + KFLO_RHO) ? Integer.valueOf(KFLO_RHO) : null;
      if (rho != null) {
        out()
            .printf(
                "%-12s kflo4j / PyTorch speed: %.2fx%n",
                row.reparam(), torch.medianMillis(rho) / (1000 * row.medianStepSeconds()));
      }
    }
  }

  private void printProfile(String reparam, StepProfile profile) {
    out()
        .printf(
            "%nprofile of %s: %.1f ms of node time per step%n", reparam, profile.millisPerStep());
    out().printf("%-36s %6s %10s %7s%n", "op type", "nodes", "ms/step", "share");
    for (StepProfile.Row row : profile.rows()) {
      if (row.share() >= 0.005) {
        out()
            .printf(
                "%-36s %6d %10.2f %6.1f%%%n",
                row.opType(), row.nodes(), row.millisPerStep(), 100 * row.share());
      }
    }
  }

  private java.io.PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
