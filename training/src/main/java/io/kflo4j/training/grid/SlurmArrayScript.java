package io.kflo4j.training.grid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An sbatch job-array script for a grid: one array task per cell, each running the same cell
 * command the local runner uses ({@code kflo grid cell GRID --index $SLURM_ARRAY_TASK_ID}), its log
 * in {@code GRID/slurm/}. The grid directory must be on a file system the nodes share; {@code kflo
 * grid table GRID} then reads the results.
 *
 * @param jobName the job's name
 * @param cells the number of cells (array indices 0 .. cells-1)
 * @param grid the grid directory (absolute)
 * @param kflo the command that starts kflo on a node (absolute path of {@code ./kflo}, or {@code
 *     java -jar ...})
 * @param partition the partition, if any
 * @param cpusPerTask CPUs per task
 * @param memory memory per task, e.g. {@code 8G}
 * @param time time limit per task, e.g. {@code 04:00:00}
 * @param maxConcurrent at most this many tasks at once (0: no limit)
 */
public record SlurmArrayScript(
    String jobName,
    int cells,
    Path grid,
    String kflo,
    Optional<String> partition,
    int cpusPerTask,
    String memory,
    String time,
    int maxConcurrent) {

  /** Validates the resources. */
  public SlurmArrayScript {
    if (cells < 1) {
      throw new IllegalArgumentException("a job array needs at least one cell");
    }
    if (cpusPerTask < 1) {
      throw new IllegalArgumentException("--cpus must be >= 1, got " + cpusPerTask);
    }
    if (maxConcurrent < 0) {
      throw new IllegalArgumentException("--max-concurrent must be >= 0, got " + maxConcurrent);
    }
    if (!grid.isAbsolute()) {
      throw new IllegalArgumentException(
          "the grid directory must be absolute for the nodes, got " + grid);
    }
  }

  /** The script's text. */
  public String text() {
    List<String> lines = new ArrayList<>();
    lines.add("#!/bin/bash");
    lines.add("#SBATCH --job-name=" + jobName);
    lines.add("#SBATCH --array=0-" + (cells - 1) + (maxConcurrent > 0 ? "%" + maxConcurrent : ""));
    lines.add("#SBATCH --cpus-per-task=" + cpusPerTask);
    lines.add("#SBATCH --mem=" + memory);
    lines.add("#SBATCH --time=" + time);
    partition.ifPresent(p -> lines.add("#SBATCH --partition=" + p));
    lines.add("#SBATCH --output=" + grid.resolve("slurm") + "/%A_%a.out");
    lines.add(
        "# One cell per array task; rerunning the array skips finished cells (kflo grid cell resumes the rest).");
    lines.add("set -euo pipefail");
    lines.add(
        "exec "
            + kflo
            + " grid cell "
            + quote(grid.toString())
            + " --index \"$SLURM_ARRAY_TASK_ID\"");
    return String.join("\n", lines) + "\n";
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
