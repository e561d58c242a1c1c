package io.kflo4j.cli;

import static io.kflo4j.experiments.grid.KfloArguments.GRID;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kflo grid}: the parent of the experiment-grid commands. */
@Command(
    name = GRID,
    mixinStandardHelpOptions = true,
    description =
        "Run a grid of runs from one spec file and aggregate it into tables (see docs/GRIDS.md).",
    subcommands = {
      GridRunCommand.class,
      GridTableCommand.class,
      GridSubmitCommand.class,
      GridCellCommand.class
    })
public final class GridCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
