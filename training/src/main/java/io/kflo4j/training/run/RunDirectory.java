package io.kflo4j.training.run;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.common.files.OutputDirectories;
import io.kflo4j.common.files.RunMarkers;
import io.kflo4j.training.config.RunSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The directory of one training run, {@code OUT/NAME} (by default {@code runs/NAME}), and the names
 * of what it holds: {@code config.json} (the full configuration, enough to reproduce the run),
 * {@code metrics.csv}, {@code summary.json}, {@code metrics.png}, {@code checkpoint/} and {@code
 * train.log}.
 *
 * <p>A new run refuses a directory that exists and is not empty, so results are never mixed or
 * overwritten; a resumed run requires the directory to exist. This class only resolves and checks
 * paths; writers live with the files' formats.
 */
public final class RunDirectory {

  /** The run's configuration. */
  public static final String CONFIG_FILE = RunMarkers.CONFIG_FILE;

  /** One row per finished epoch. */
  public static final String METRICS_FILE = RunMarkers.METRICS_FILE;

  /** The run's outcome. */
  public static final String SUMMARY_FILE = "summary.json";

  /** The chart of {@link #METRICS_FILE}. */
  public static final String CHART_FILE = "metrics.png";

  /**
   * The last complete checkpoint (replaced atomically, see {@link AtomicFiles#replaceDirectory}).
   */
  public static final String CHECKPOINT_DIR = RunMarkers.CHECKPOINT_DIR;

  /** The run's log. */
  public static final String LOG_FILE = RunMarkers.LOG_FILE;

  private final Path root;
  private final boolean resumed;

  private RunDirectory(Path root, boolean resumed) {
    this.root = root;
    this.resumed = resumed;
  }

  /**
   * Creates or opens the run directory {@code outDir/runName}.
   *
   * @param outDir the directory holding runs (created if missing)
   * @param runName the run's name, a plain directory name (see {@link RunSettings#checkRunName})
   * @param resume false for a new run: the directory must be absent or empty; true to continue a
   *     run: the directory must exist
   * @return the run directory, which exists on return
   * @throws IllegalArgumentException if {@code runName} is not a plain directory name
   * @throws IllegalStateException if the directory is not empty for a new run, or absent for a
   *     resumed one
   * @throws IOException if the directory cannot be created or listed
   */
  public static RunDirectory open(Path outDir, String runName, boolean resume) throws IOException {
    check(outDir, runName, resume);
    Path root = outDir.resolve(runName);
    if (!resume) {
      try {
        Files.createDirectories(root);
      } catch (IOException e) {
        throw new IOException(
            "cannot create run directory " + root + ": " + OutputDirectories.describe(e), e);
      }
    }
    return new RunDirectory(root, resume);
  }

  /**
   * Checks what {@link #open} checks, without creating anything: callers check before long work
   * (loading data).
   *
   * @throws IllegalArgumentException if {@code runName} is not a plain directory name, or the
   *     directory (or, for a new run, its nearest existing parent) is not writable
   * @throws IllegalStateException if the directory is not empty for a new run, or absent for a
   *     resumed one
   * @throws IOException if the directory cannot be listed
   */
  public static void check(Path outDir, String runName, boolean resume) throws IOException {
    RunSettings.checkRunName(runName);
    Path root = outDir.resolve(runName);
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new IllegalStateException("run directory " + root + " is a file, not a directory");
    }
    if (resume) {
      if (!Files.isDirectory(root)) {
        throw new IllegalStateException(
            "cannot resume run '" + runName + "': run directory " + root + " does not exist");
      }
      OutputDirectories.checkWritable(root, "resume run " + root);
    } else {
      if (Files.isDirectory(root) && !isEmpty(root)) {
        throw new IllegalStateException(
            "run directory "
                + root
                + " already exists and is not empty: resume"
                + " the run to continue it, or choose another run name");
      }
      OutputDirectories.checkWritable(root, "create run directory " + root);
    }
  }

  /** Whether {@code directory} holds a training run ({@link RunMarkers#isRun}). */
  public static boolean isRun(Path directory) {
    return RunMarkers.isRun(directory);
  }

  /**
   * Creates the directory of a new run (see {@link #open}).
   *
   * @param outDir the directory holding runs
   * @param runName the run's name
   * @return the run directory
   * @throws IOException if the directory cannot be created
   */
  public static RunDirectory create(Path outDir, String runName) throws IOException {
    return open(outDir, runName, false);
  }

  /**
   * Opens the directory of a run to resume (see {@link #open}).
   *
   * @param outDir the directory holding runs
   * @param runName the run's name
   * @return the run directory
   * @throws IOException if the directory cannot be read
   */
  public static RunDirectory resume(Path outDir, String runName) throws IOException {
    return open(outDir, runName, true);
  }

  /**
   * Restores the last complete checkpoint after a crash (see {@link AtomicFiles#recoverDirectory}).
   *
   * @return {@link #checkpoint()} if a complete checkpoint is in place, empty if there is none
   * @throws IOException if the recovery's renames or deletions fail
   */
  public Optional<Path> recoverCheckpoint() throws IOException {
    return AtomicFiles.recoverDirectory(checkpoint());
  }

  /** The run directory itself. */
  public Path root() {
    return root;
  }

  /** The run's name (the directory's name). */
  public String name() {
    return root.getFileName().toString();
  }

  /** Whether this directory was opened to resume a run. */
  public boolean isResumed() {
    return resumed;
  }

  /** {@code config.json}: the run's full configuration. */
  public Path config() {
    return root.resolve(CONFIG_FILE);
  }

  /** {@code metrics.csv}: one row per finished epoch. */
  public Path metricsCsv() {
    return root.resolve(METRICS_FILE);
  }

  /** {@code summary.json}: the run's outcome. */
  public Path summary() {
    return root.resolve(SUMMARY_FILE);
  }

  /** {@code tensorboard/}: the metrics as a TensorBoard event file. */
  public Path tensorBoard() {
    return root.resolve("tensorboard");
  }

  /** {@code metrics.png}: the chart of the metrics. */
  public Path metricsChart() {
    return root.resolve(CHART_FILE);
  }

  /** {@code checkpoint/}: the last complete checkpoint. */
  public Path checkpoint() {
    return root.resolve(CHECKPOINT_DIR);
  }

  /** {@code train.log}: the run's log file. */
  public Path trainLog() {
    return root.resolve(LOG_FILE);
  }

  @Override
  public String toString() {
    return "RunDirectory[" + root + (resumed ? ", resumed" : "") + "]";
  }

  /**
   * Whether {@code dir} holds nothing but, maybe, its lock file ({@link RunLock}), released (empty)
   * or held by the current thread (a run that starts over).
   */
  private static boolean isEmpty(Path dir) throws IOException {
    boolean heldHere = RunLock.isHeldByCurrentThread(dir);
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.allMatch(entry -> isLock(entry) && (heldHere || isReleased(entry)));
    }
  }

  private static boolean isLock(Path entry) {
    return entry.getFileName().toString().equals(RunLock.FILE);
  }

  private static boolean isReleased(Path lock) {
    try {
      return Files.size(lock) == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
