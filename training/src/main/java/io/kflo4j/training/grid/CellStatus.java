package io.kflo4j.training.grid;

import io.kflo4j.training.metrics.RunSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a cell stands, read from its run directory alone, so a rerun, another machine or a Slurm
 * array task all see the same thing.
 *
 * @param state the state
 * @param summary the run's summary, when it has one
 */
public record CellStatus(State state, Optional<RunSummary> summary) {
  /** The file the runner writes with the cell process's exit code. */
  public static final String EXIT_FILE = "grid-exit.txt";

  /** A cell's state. */
  public enum State {
    /** No run directory yet. */
    NOT_STARTED,
    /** Started, not finished: a rerun resumes it. */
    INCOMPLETE,
    /** Its last process exited with an error and it is not finished. */
    FAILED,
    /** All epochs done (and, for transfer, the model exported). */
    DONE
  }

  /** Reads the status of {@code cell} in {@code directory}. */
  public static CellStatus of(GridCell cell, Path directory) {
    if (!Files.isDirectory(directory)) {
      return new CellStatus(State.NOT_STARTED, Optional.empty());
    }
    Optional<RunSummary> summary = readSummary(directory.resolve("summary.json"));
    boolean allEpochs = summary.map(s -> s.epochsDone() >= cell.epochs()).orElse(false);
    boolean exported =
        !cell.method().isTransfer() || Files.exists(directory.resolve("model/saved_model.pb"));
    if (allEpochs && exported) {
      return new CellStatus(State.DONE, summary);
    }
    return new CellStatus(failed(directory) ? State.FAILED : State.INCOMPLETE, summary);
  }

  private static Optional<RunSummary> readSummary(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(RunSummary.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static boolean failed(Path directory) {
    try {
      Path exit = directory.resolve(EXIT_FILE);
      return Files.isRegularFile(exit)
          && !Files.readString(exit, StandardCharsets.UTF_8).strip().equals("0");
    } catch (IOException e) {
      return false;
    }
  }
}
