package io.kflo4j.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Slurm's {@code sbatch}, found on the {@code PATH} before anything is written, and run. */
final class Sbatch {
  private Sbatch() {}

  /**
   * The {@code sbatch} executable on {@code PATH}.
   *
   * @throws IllegalStateException saying that it is not there and what to do instead
   */
  static Path find() {
    return find(Optional.ofNullable(System.getenv("PATH")).orElse(""));
  }

  /** {@link #find()} on the given {@code PATH}. */
  static Path find(String path) {
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(entry, "sbatch");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "sbatch not found on PATH: submit from a machine with Slurm's client commands, or write"
            + " the script only with --dry-run and submit it there with sbatch");
  }

  /**
   * Submits {@code script} with {@code sbatch --parsable}.
   *
   * @return the job id sbatch printed
   * @throws IllegalStateException with sbatch's own reply when it fails
   */
  static String submit(Path sbatch, Path script) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(List.of(sbatch.toString(), "--parsable", script.toString()))
            .redirectErrorStream(true)
            .start();
    String reply =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(
          "sbatch refused " + script + " (exit " + exit + "): " + reply.replace('\n', ' '));
    }
    return reply;
  }
}
