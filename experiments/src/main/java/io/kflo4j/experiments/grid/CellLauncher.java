package io.kflo4j.experiments.grid;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Runs one cell's {@code kflo} command in its own process. */
@FunctionalInterface
public interface CellLauncher {

  /**
   * Runs {@code kflo} with {@code arguments}, its output appended to {@code log}, and waits for it.
   *
   * @return the process's exit code
   */
  int run(List<String> arguments, Path log) throws IOException, InterruptedException;
}
