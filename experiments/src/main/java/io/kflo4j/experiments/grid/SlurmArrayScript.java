package io.kflo4j.experiments.grid;

import io.kflo4j.common.text.ControlCharacters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An sbatch job-array script for a grid: one array task per cell, each running the same cell
 * command the local runner uses ({@code kflo grid cell GRID --index $SLURM_ARRAY_TASK_ID}), its log
 * in {@code GRID/slurm/}. The grid directory must be on a file system the nodes share; {@code kflo
 * grid table GRID} then reads the results.
 *
 * <p>No value becomes shell code: every value of an {@code #SBATCH} line is checked against Slurm's
 * own syntax (so none holds a newline, a quote or a space), the output path is quoted the way
 * sbatch reads {@code #SBATCH} lines, and every word of the {@code exec} line is single-quoted for
 * bash. A value that cannot be written safely is refused, naming its option.
 *
 * @param jobName the job's name
 * @param cells the number of cells (array indices 0 .. cells-1)
 * @param grid the grid directory (absolute)
 * @param command the command that starts kflo on a node, one word per element (e.g. the java
 *     executable, its options and class path, and the main class)
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
    List<String> command,
    Optional<String> partition,
    int cpusPerTask,
    String memory,
    String time,
    int maxConcurrent) {

  /** Slurm's job and partition names: letters, digits, '.', '_' and '-'. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  /** A partition, or several separated by commas. */
  private static final Pattern PARTITIONS =
      Pattern.compile(NAME.pattern() + "(," + NAME.pattern() + ")*");

  /** {@code --mem}: a number, optionally with a unit K, M, G or T. */
  private static final Pattern MEMORY = Pattern.compile("[0-9]+[KMGTkmgt]?");

  /**
   * {@code --time}: MINUTES, MINUTES:SECONDS, HOURS:MINUTES:SECONDS, DAYS-HOURS,
   * DAYS-HOURS:MINUTES, DAYS-HOURS:MINUTES:SECONDS, or UNLIMITED.
   */
  private static final Pattern TIME =
      Pattern.compile(
          "[0-9]+(:[0-9]{1,2}){0,2}|[0-9]+-[0-9]{1,2}(:[0-9]{1,2}){0,2}|UNLIMITED|INFINITE");

  /** Validates the resources and every value that goes into the script. */
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
    check("the job name", jobName, NAME, "letters, digits, '.', '_' and '-'");
    partition.ifPresent(
        p ->
            check(
                "--partition",
                p,
                PARTITIONS,
                "a Slurm partition name (letters, digits, '.', '_', '-'), or several separated"
                    + " by commas"));
    check("--mem", memory, MEMORY, "Slurm's memory size: a number with an optional K, M, G or T");
    check(
        "--time",
        time,
        TIME,
        "Slurm's time limit: MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS or UNLIMITED");
    if (!grid.isAbsolute()) {
      throw new IllegalArgumentException(
          "the grid directory must be absolute for the nodes, got " + grid);
    }
    String gridText = grid.toString();
    if (ControlCharacters.any(gridText) || gridText.contains("\\")) {
      throw new IllegalArgumentException(
          "--out "
              + ControlCharacters.escape(gridText)
              + " cannot be written into a Slurm script: the grid directory's path must hold no"
              + " control character (newline, tab...) and no backslash");
    }
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("the command that starts kflo must not be empty");
    }
    for (String word : command) {
      if (word.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "the command that starts kflo holds a NUL character: "
                + ControlCharacters.escape(word));
      }
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
    lines.add(
        "#SBATCH --output="
            + sbatchQuote(filenamePattern(grid.resolve("slurm").toString()) + "/%A_%a.out"));
    lines.add(
        "# One cell per array task; rerunning the array skips finished cells (kflo grid cell resumes the rest).");
    lines.add("set -euo pipefail");
    List<String> words = new ArrayList<>(command);
    words.addAll(CellCommand.RunGridCell.withoutIndex(grid));
    lines.add(
        "exec "
            + words.stream().map(SlurmArrayScript::shellQuote).collect(Collectors.joining(" "))
            + " \"$SLURM_ARRAY_TASK_ID\"");
    return String.join("\n", lines) + "\n";
  }

  /** One word for bash: single-quoted, each {@code '} written as {@code '\''}. */
  static String shellQuote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /**
   * One argument of an {@code #SBATCH} line as sbatch reads it: in double quotes, {@code "} escaped
   * with a backslash (the path holds no backslash or control character).
   */
  private static String sbatchQuote(String argument) {
    return "\"" + argument.replace("\"", "\\\"") + "\"";
  }

  /** A literal path in a Slurm file name pattern: {@code %} written as {@code %%}. */
  private static String filenamePattern(String path) {
    return path.replace("%", "%%");
  }

  private static void check(String option, String value, Pattern syntax, String expected) {
    if (value == null || !syntax.matcher(value).matches()) {
      throw new IllegalArgumentException(
          option
              + " must be "
              + expected
              + ", got "
              + (value == null ? "nothing" : "'" + ControlCharacters.escape(value) + "'"));
    }
  }
}
