package io.kflo4j.cli;

import io.kflo4j.experiments.bench.PythonStepReference;
import io.kflo4j.experiments.bench.QuietMachine;
import io.kflo4j.experiments.bench.StepBenchmark;
import io.kflo4j.experiments.bench.StepProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
              + " rounds, plain and KFLO 2x4, and print the ratios (refused unless the machine is"
              + " quiet)")
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

  @Option(
      names = "--vs-keras",
      description =
          "also time the same Cifar-quick step in Keras 3 / TensorFlow (plain, tf.function, SGD"
              + " momentum, 2 threads) between the rounds and print the ratios (refused unless the"
              + " machine is quiet)")
  boolean vsKeras;

  @Option(
      names = "--keras-script",
      description =
          "the Keras step (default: the one kflo carries, experiments' keras_cifarquick_step.py)")
  Path kerasScript;

  @Option(
      names = "--keras-python",
      defaultValue = "python3",
      description =
          "the python with tensorflow and keras, e.g. the one scripts/keras-yardstick.sh makes"
              + " (default: ${DEFAULT-VALUE})")
  String kerasPython;

  private static final int CHUNKS = 3;
  private static final Duration QUIET_PATIENCE = Duration.ofSeconds(90);
  private static final int KFLO_RHO = 4;

  @Override
  public Integer call() {
    var log = LogManager.getLogger(BenchTrainCommand.class);
    StepBenchmark benchmark =
        new StepBenchmark(
            new StepBenchmark.Settings(
                arch, reparams, classes, batch, warmup, rounds, threads, profileSteps));
    List<PythonStepReference> references = references();
    QuietMachine machine = QuietMachine.forThisProcess();
    QuietMachine.Snapshot start =
        references.isEmpty()
            ? null
            : machine.awaitQuiet(QUIET_PATIENCE, Duration.ofSeconds(1), log::info);
    int referenceSteps = Math.max(rounds / CHUNKS, 5);
    List<StepBenchmark.Row> rows =
        references.isEmpty()
            ? benchmark.run(log::info)
            : benchmark.run(
                log::info,
                CHUNKS,
                chunk -> {
                  for (PythonStepReference reference : references) {
                    log.info(
                        "{} reference, chunk {}/{}",
                        reference.framework().displayName(),
                        chunk + 1,
                        CHUNKS);
                    for (int rho : rhos(reference)) {
                      reference.measure(rho, referenceSteps);
                    }
                  }
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
    for (PythonStepReference reference : references) {
      printReference(rows, reference, referenceSteps);
    }
    if (start != null) {
      QuietMachine.busyOthers(start, machine.snapshot())
          .ifPresent(
              busy -> {
                log.warn("not quiet during the comparison: {}", busy);
                out().printf("NOT QUIET during the comparison (%s): not a yardstick%n", busy);
              });
    }
    rows.forEach(row -> row.profile().ifPresent(profile -> printProfile(row.reparam(), profile)));
    return 0;
  }

  private List<PythonStepReference> references() {
    List<PythonStepReference> references = new ArrayList<>();
    if (vsPyTorch) {
      references.add(reference(PythonStepReference.Framework.PYTORCH, python, torchScript));
    }
    if (vsKeras) {
      references.add(reference(PythonStepReference.Framework.KERAS, kerasPython, kerasScript));
    }
    return references;
  }

  private PythonStepReference reference(
      PythonStepReference.Framework framework, String interpreter, Path script) {
    String option = framework.comparisonOption();
    if (!arch.equals("cifar-quick") || batch != 128) {
      throw new IllegalArgumentException(
          option
              + " compares the reference Cifar-quick step at batch 128: use --arch cifar-quick"
              + " --batch 128");
    }
    String missing = PythonStepReference.unavailableReason(framework, interpreter);
    if (missing != null) {
      throw new IllegalArgumentException(option + ": " + missing);
    }
    return script == null
        ? PythonStepReference.bundled(framework, interpreter)
        : new PythonStepReference(framework, interpreter, script);
  }

  private static int[] rhos(PythonStepReference reference) {
    return reference.framework().timesKflo() ? new int[] {0, KFLO_RHO} : new int[] {0};
  }

  private void printReference(
      List<StepBenchmark.Row> rows, PythonStepReference reference, int referenceSteps) {
    String name = reference.framework().displayName();
    boolean hasKflo = reference.framework().timesKflo();
    out()
        .printf(
            "%s reference (%d x %d steps between the rounds): plain %.1f ms%s%n",
            name,
            CHUNKS,
            referenceSteps,
            reference.medianMillis(0),
            hasKflo
                ? String.format(", KFLO 2x%d %.1f ms", KFLO_RHO, reference.medianMillis(KFLO_RHO))
                : "");
    for (StepBenchmark.Row row : rows) {
      int rho =
          row.reparam().equals("plain")
              ? 0
              : row.reparam().equals("kflo:2x" + KFLO_RHO) ? KFLO_RHO : -1;
      if (rho >= 0) {
        int compared = hasKflo ? rho : 0;
        out()
            .printf(
                "%-12s kflo4j / %s %s speed: %.2fx%n",
                row.reparam(),
                name,
                compared == 0 ? "plain" : "KFLO 2x" + KFLO_RHO,
                reference.medianMillis(compared) / (1000 * row.medianStepSeconds()));
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
