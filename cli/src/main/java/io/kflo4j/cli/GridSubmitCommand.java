package io.kflo4j.cli;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.experiments.grid.GridRunner;
import io.kflo4j.experiments.grid.GridSpec;
import io.kflo4j.experiments.grid.SlurmArrayScript;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kflo grid submit --slurm}: the grid as a Slurm job array, one task per cell. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Submit a grid to Slurm as a job array: writes GRID/grid.json and GRID/slurm/array.sbatch (one "
          + "task per cell, each running 'kflo grid cell GRID --index $SLURM_ARRAY_TASK_ID') and runs sbatch.",
      "GRID must be on a file system the nodes share; 'kflo grid table GRID' reads the results (docs/GRIDS.md)."
    })
final class GridSubmitCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "SPEC",
      description = "the grid spec (JSON, or YAML if named .yaml/.yml)")
  Path specFile;

  @Option(
      names = "--slurm",
      required = true,
      description = "submit to Slurm (the only engine so far)")
  boolean slurm;

  @Option(
      names = "--out",
      paramLabel = "GRID",
      description = "the grid directory (default: runs/grids/<name>)")
  Path out;

  @Option(names = "--partition", description = "the Slurm partition (default: the cluster's)")
  String partition;

  @Option(
      names = "--cpus",
      defaultValue = "2",
      description = "CPUs per task (default: ${DEFAULT-VALUE})")
  int cpus;

  @Option(
      names = "--mem",
      defaultValue = "8G",
      description = "memory per task (default: ${DEFAULT-VALUE})")
  String memory;

  @Option(
      names = "--time",
      defaultValue = "24:00:00",
      description = "time limit per task (default: ${DEFAULT-VALUE})")
  String time;

  @Option(
      names = "--max-concurrent",
      defaultValue = "0",
      description = "at most this many tasks at once, 0 for no limit (default: ${DEFAULT-VALUE})")
  int maxConcurrent;

  @Option(names = "--dry-run", description = "write the script, do not call sbatch")
  boolean dryRun;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String json = GridSpec.readAsJson(specFile);
    GridSpec grid = GridSpec.parse(json, specFile);
    Path directory =
        (out != null ? out : Path.of("runs", "grids", grid.name())).toAbsolutePath().normalize();
    // Everything is checked before anything is written.
    SlurmArrayScript script =
        new SlurmArrayScript(
            "kflo-" + grid.name(),
            grid.cells().size(),
            directory,
            GridRunCommand.javaCommand(),
            Optional.ofNullable(partition),
            cpus,
            memory,
            time,
            maxConcurrent);
    Optional<Path> sbatch = dryRun ? Optional.empty() : Optional.of(Sbatch.find());
    GridRunner.prepare(grid, json, directory);
    Files.createDirectories(directory.resolve("slurm"));
    Path file = directory.resolve("slurm").resolve("array.sbatch");
    AtomicFiles.writeString(file, script.text());
    PrintWriter printer = spec.commandLine().getOut();
    printer.printf("grid %s: %d cells, script %s%n", grid.name(), grid.cells().size(), file);
    if (sbatch.isEmpty()) {
      printer.flush();
      return 0;
    }
    String job = Sbatch.submit(sbatch.get(), file);
    printer.printf(
        "submitted job array %s; follow it with squeue, then: kflo grid table %s%n",
        job, directory);
    printer.flush();
    return 0;
  }
}
