package io.kflo4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kflo bench}: the parent of the throughput benchmarks. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure throughput (see docs/BENCHMARKS.md).",
    subcommands = {BenchDataCommand.class, BenchTrainCommand.class, BenchInferCommand.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
