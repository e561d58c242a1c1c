package io.kflo4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kflo data}: the parent of the data set commands. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Fetch, inspect and verify the CIFAR data sets (see docs/DATA.md).",
    subcommands = {DataFetchCommand.class, DataInfoCommand.class, DataVerifyCommand.class})
public final class DataCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
