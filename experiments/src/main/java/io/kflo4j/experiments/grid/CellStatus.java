package io.kflo4j.experiments.grid;

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
    if (cell.method().isEnsemble()) {
      Optional<RunSummary> evaluated = readEvaluation(cell, directory);
      if (evaluated.isPresent()) {
        return new CellStatus(State.DONE, evaluated);
      }
      return new CellStatus(failed(directory) ? State.FAILED : State.INCOMPLETE, Optional.empty());
    }
    Optional<RunSummary> summary = RunSummary.readIfValid(directory.resolve("summary.json"));
    boolean allEpochs = summary.map(s -> s.epochsDone() >= cell.epochs()).orElse(false);
    boolean exported =
        !cell.method().isTransfer() || Files.exists(directory.resolve("model/saved_model.pb"));
    if (allEpochs && exported) {
      return new CellStatus(State.DONE, summary);
    }
    return new CellStatus(failed(directory) ? State.FAILED : State.INCOMPLETE, summary);
  }

  /**
   * An ensemble cell's evaluation report as a summary of a finished run: final and best top-1 (and
   * top-5) the ensemble's, no training time.
   */
  private static Optional<RunSummary> readEvaluation(GridCell cell, Path directory) {
    Path file = directory.resolve(GridCell.ENSEMBLE_REPORT).resolve("evaluation.json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      com.google.gson.JsonObject report =
          com.google.gson.JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
              .getAsJsonObject();
      double top1 = report.get("top1").getAsDouble();
      double top5 = report.get("top5").getAsDouble();
      return Optional.of(
          new RunSummary(
              cell.name(),
              cell.epochs(),
              top1,
              cell.epochs(),
              top1,
              top5,
              top5,
              Double.NaN,
              0,
              0,
              java.util.Map.of("ensembleOf", String.join(",", cell.method().ensembleOf()))));
    } catch (IOException | RuntimeException e) {
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
