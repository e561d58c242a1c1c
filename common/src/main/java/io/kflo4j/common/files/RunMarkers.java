package io.kflo4j.common.files;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files by which a directory is recognized as a training run, for the modules that must not
 * overwrite one but do not train (an export refuses to replace a run). The training module's run
 * directory names its files with these constants.
 */
public final class RunMarkers {

  /** The run's configuration. */
  public static final String CONFIG_FILE = "config.json";

  /** One row per finished epoch. */
  public static final String METRICS_FILE = "metrics.csv";

  /** The last complete checkpoint. */
  public static final String CHECKPOINT_DIR = "checkpoint";

  /** The run's log. */
  public static final String LOG_FILE = "train.log";

  private RunMarkers() {}

  /**
   * Whether {@code directory} holds a training run: its {@value #CONFIG_FILE} beside its metrics,
   * its checkpoint or its log (what a run writes first).
   */
  public static boolean isRun(Path directory) {
    return Files.isRegularFile(directory.resolve(CONFIG_FILE))
        && (Files.exists(directory.resolve(METRICS_FILE))
            || Files.exists(directory.resolve(CHECKPOINT_DIR))
            || Files.exists(directory.resolve(LOG_FILE)));
  }
}
