package io.kflo4j.training.run;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.metrics.MetricsLog;
import io.kflo4j.training.metrics.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What a run directory holds (its configuration, its checkpoint, the classes it was trained on) and
 * the one rule for what comes next, which {@code kflo train --resume}, {@code kflo transfer}, the
 * quickstart and the grid all follow:
 *
 * <ul>
 *   <li>{@link Next#START}: no directory, or one that holds no run (nothing a run writes first:
 *       {@code config.json}, {@code train.log} or a checkpoint);
 *   <li>{@link Next#RESUME}: a complete checkpoint ({@link CheckpointState#read}) before the
 *       configured last epoch, continued after it, or of the last epoch without that epoch's
 *       summary (the process ended between the two: the trainer writes the summary, trains
 *       nothing);
 *   <li>{@link Next#FINISHED}: a complete checkpoint of the last epoch and its {@code
 *       summary.json}: nothing to train;
 *   <li>{@link Next#START_OVER}: a run interrupted before its first checkpoint (at the latest after
 *       epoch 1's metrics row, which is written before its checkpoint): it has nothing to continue
 *       from, so what it left is cleared ({@link RunLock#clearDirectory}) and it starts again;
 *   <li>refused: no checkpoint although the metrics record two or more epochs (a checkpoint that is
 *       gone: starting over would silently discard those epochs), or a checkpoint without {@code
 *       config.json}.
 * </ul>
 *
 * <p>Read it with the directory locked ({@link RunLock}): reading recovers an interrupted
 * checkpoint swap ({@link AtomicFiles#recoverDirectory}).
 */
public final class RunState {
  private static final Logger LOG = LogManager.getLogger(RunState.class);

  /** What a run directory asks for next. */
  public enum Next {
    /** Nothing there yet: a new run. */
    START,
    /** A start interrupted before its first checkpoint: cleared, then a new run. */
    START_OVER,
    /** Continued after its checkpoint. */
    RESUME,
    /** Every epoch trained. */
    FINISHED
  }

  private final Path directory;
  private final Optional<TrainConfig> recorded;
  private final Optional<CheckpointState> checkpoint;
  private final Next next;

  private RunState(
      Path directory,
      Optional<TrainConfig> recorded,
      Optional<CheckpointState> checkpoint,
      Next next) {
    this.directory = directory;
    this.recorded = recorded;
    this.checkpoint = checkpoint;
    this.next = next;
  }

  /**
   * Reads the state of the run directory {@code directory} (which need not exist).
   *
   * @throws IOException naming the checkpoint file that is missing, truncated or damaged, or when
   *     {@code config.json} cannot be read
   * @throws IllegalStateException naming the missing checkpoint when the metrics record two or more
   *     epochs
   * @throws IllegalArgumentException when a checkpoint has no {@code config.json} beside it
   */
  public static RunState read(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return new RunState(directory, Optional.empty(), Optional.empty(), Next.START);
    }
    Path configFile = directory.resolve(RunDirectory.CONFIG_FILE);
    Optional<TrainConfig> recorded =
        Files.isRegularFile(configFile)
            ? Optional.of(TrainConfig.read(configFile))
            : Optional.empty();
    Optional<Path> saved =
        AtomicFiles.recoverDirectory(directory.resolve(RunDirectory.CHECKPOINT_DIR));
    if (saved.isPresent()) {
      CheckpointState state = CheckpointState.read(saved.get());
      RunState run = new RunState(directory, recorded, Optional.of(state), Next.RESUME);
      int epochs = run.config().schedule().epochs();
      int summarized =
          RunSummary.readIfValid(directory.resolve(RunDirectory.SUMMARY_FILE))
              .map(RunSummary::epochsDone)
              .orElse(0);
      boolean finished = state.epoch() >= epochs && summarized >= epochs;
      return finished ? new RunState(directory, recorded, Optional.of(state), Next.FINISHED) : run;
    }
    refuseLostEpochs(directory);
    boolean started =
        recorded.isPresent() || Files.exists(directory.resolve(RunDirectory.LOG_FILE));
    return new RunState(
        directory, recorded, Optional.empty(), started ? Next.START_OVER : Next.START);
  }

  /** What comes next. */
  public Next next() {
    return next;
  }

  /** The run directory. */
  public Path directory() {
    return directory;
  }

  /** The last complete checkpoint's state, if the run has one. */
  public Optional<CheckpointState> checkpoint() {
    return checkpoint;
  }

  /**
   * The run's configuration, placed where the run is now: {@code config.json} records the directory
   * the run was started in, and a run moved or copied since belongs where it is, never in the
   * original.
   *
   * @throws IllegalArgumentException naming the directory when it is not there or has no {@code
   *     config.json}
   */
  public TrainConfig config() {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("cannot resume " + directory + ": no such run directory");
    }
    TrainConfig config =
        recorded.orElseThrow(
            () ->
                new IllegalArgumentException(
                    "cannot resume " + directory + ": it has no " + RunDirectory.CONFIG_FILE));
    Path here = directory.toAbsolutePath().normalize();
    if (config.runPath().toAbsolutePath().normalize().equals(here)) {
      return config;
    }
    return config.toBuilder()
        .run(r -> r.outDir(here.getParent()).runName(here.getFileName().toString()))
        .build();
  }

  /**
   * The summary of a finished run.
   *
   * @throws IOException if {@code summary.json} is missing or unreadable
   */
  public RunSummary summary() throws IOException {
    return RunSummary.read(directory.resolve(RunDirectory.SUMMARY_FILE));
  }

  /**
   * Refuses to continue this run with {@code requested}, a configuration other than the one it was
   * started with (a run started over takes the new one).
   *
   * @throws IllegalStateException naming the run and its configuration
   */
  public void checkContinuedWith(TrainConfig requested) {
    if ((next == Next.RESUME || next == Next.FINISHED) && !config().equals(requested)) {
      throw new IllegalStateException(
          "run "
              + directory
              + " was started with another configuration; remove it or "
              + "choose another --out (existing: "
              + config().toJson()
              + ")");
    }
  }

  /**
   * Refuses to resume this run on other classes than it was started on (a folder data set whose
   * class folders changed).
   *
   * @throws IllegalArgumentException naming both lists of classes
   * @throws IOException if the class names file cannot be read
   */
  public void checkResumedOn(List<String> classNames) throws IOException {
    if (next != Next.RESUME || !Files.isRegularFile(directory.resolve(RunClassNames.FILE_NAME))) {
      return;
    }
    List<String> started = RunClassNames.read(directory);
    if (!started.equals(classNames)) {
      throw new IllegalArgumentException(
          "cannot resume "
              + directory
              + ": it started on the classes "
              + started
              + ", "
              + config().data().dataset()
              + " now has "
              + classNames);
    }
  }

  /**
   * Prepares the run for what comes next: a run resumed where it is now, not where it was started,
   * records its place in {@code config.json}; a run started over is cleared but for its lock.
   *
   * @param lock the run directory's lock, held by the caller
   * @throws IOException if a file cannot be written or deleted
   */
  public void prepare(RunLock lock) throws IOException {
    if (next == Next.START_OVER) {
      LOG.info("{} has no checkpoint yet: starting it over", directory);
      lock.clearDirectory();
    } else if (next == Next.RESUME && !recorded.orElseThrow().equals(config())) {
      LOG.info(
          "{} was started in {}: resuming it where it is now",
          directory,
          recorded.orElseThrow().runPath());
      config().write(directory.resolve(RunDirectory.CONFIG_FILE));
    }
  }

  private static void refuseLostEpochs(Path directory) throws IOException {
    Path metrics = directory.resolve(RunDirectory.METRICS_FILE);
    int epochs = Files.exists(metrics) ? MetricsLog.read(metrics).size() : 0;
    if (epochs > 1) {
      throw new IllegalStateException(
          "cannot resume "
              + directory
              + ": "
              + directory.resolve(RunDirectory.CHECKPOINT_DIR)
              + " is missing, although "
              + RunDirectory.METRICS_FILE
              + " records "
              + epochs
              + " epochs (their weights are lost: train again into a new --out, or delete "
              + RunDirectory.METRICS_FILE
              + " to start this run over)");
    }
  }
}
