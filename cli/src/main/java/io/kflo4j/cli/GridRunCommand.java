package io.kflo4j.cli;

import io.kflo4j.experiments.grid.GridRunner;
import io.kflo4j.experiments.grid.GridSpec;
import java.io.File;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kflo grid run}: every unfinished cell of a grid, each in its own {@code kflo} process. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the cells of a grid spec (JSON, docs/GRIDS.md) into GRID/cells/<name>, each an ordinary "
          + "train or transfer run in its own process; a failed cell stops only itself.",
      "Rerunning skips finished cells and resumes the others."
    })
final class GridRunCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "SPEC",
      description = "the grid spec (JSON, or YAML if named .yaml/.yml)")
  Path specFile;

  @Option(
      names = "--out",
      paramLabel = "GRID",
      description = "the grid directory (default: runs/grids/<name>)")
  Path out;

  @Option(
      names = "--parallel",
      defaultValue = "1",
      description = "cells at a time (default: ${DEFAULT-VALUE})")
  int parallel;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter printer = spec.commandLine().getOut();
    String json = GridSpec.readAsJson(specFile);
    GridSpec grid = GridSpec.parse(json, specFile);
    Path directory = out != null ? out : Path.of("runs", "grids", grid.name());
    GridRunner.Outcome outcome =
        new GridRunner(GridRunCommand::launch, parallel)
            .run(
                grid,
                json,
                directory,
                line -> {
                  printer.println(line);
                  printer.flush();
                });
    printer.printf(
        "grid %s: %d cells, %d done before, %d finished now, %d failed%s; table: kflo grid table"
            + " %s%n",
        grid.name(),
        outcome.total(),
        outcome.skipped(),
        outcome.done(),
        outcome.failed(),
        outcome.inUse() == 0 ? "" : ", " + outcome.inUse() + " run by another process",
        directory);
    return outcome.failed() == 0 ? 0 : 1;
  }

  /**
   * The command that starts {@code kflo} in a new JVM: this JVM's java, memory options and class
   * path.
   */
  static List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("-Xmx") || option.startsWith("-Xms")) {
        command.add(option);
      }
    }
    String classPath =
        java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(entry -> Path.of(entry).toAbsolutePath().toString())
            .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    command.addAll(List.of("-cp", classPath, KfloCommand.class.getName()));
    return command;
  }

  /**
   * Runs {@code kflo ARGS} in a new JVM with this JVM's class path and memory options, output to
   * {@code log}.
   */
  static int launch(List<String> arguments, Path log)
      throws java.io.IOException, InterruptedException {
    List<String> command = new ArrayList<>(javaCommand());
    command.addAll(arguments);
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(new File("/dev/null"))
            .start();
    return process.waitFor();
  }
}
