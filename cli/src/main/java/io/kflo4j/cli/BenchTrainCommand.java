package io.kflo4j.cli;

import io.kflo4j.training.bench.StepBenchmark;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.LogManager;
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

  @Override
  public Integer call() {
    var log = LogManager.getLogger(BenchTrainCommand.class);
    List<StepBenchmark.Row> rows =
        new StepBenchmark(arch, reparams, classes, batch, warmup, rounds, threads).run(log::info);
    System.out.printf(
        "%s, batch %d, %d rounds after %d warm-up steps, %d cores%n",
        arch, batch, rounds, warmup, Runtime.getRuntime().availableProcessors());
    System.out.printf(
        "%-12s %12s %10s %10s %9s%n", "reparam", "median step", "ratio", "images/s", "GFLOP/s");
    for (StepBenchmark.Row row : rows) {
      System.out.printf(
          "%-12s %10.1f ms %10.3f %10.0f %9.2f%n",
          row.reparam(),
          1000 * row.medianStepSeconds(),
          row.ratioToFirst(),
          row.imagesPerSecond(),
          row.gflops());
    }
    return 0;
  }
}
