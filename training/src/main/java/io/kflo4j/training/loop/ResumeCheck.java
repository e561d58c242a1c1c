package io.kflo4j.training.loop;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.training.metrics.MetricsLog;
import io.kflo4j.training.run.CheckpointState;
import io.kflo4j.training.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What a resumed run continues from, checked before any work: its last complete checkpoint with
 * every variables file at its recorded size ({@link CheckpointState#read}), or no checkpoint yet.
 *
 * <p>A crash before the first checkpoint (at the latest after epoch 1's metrics row, which is
 * written before its checkpoint) leaves a run with nothing to continue from: it starts over with
 * its configuration, and what the interrupted start left (metrics, summary, chart) is cleared
 * ({@link #startOver}). A run whose metrics record more epochs had a checkpoint, which is gone:
 * starting over would silently discard those epochs, so that is refused.
 */
public final class ResumeCheck {
  private static final Logger LOG = LogManager.getLogger(ResumeCheck.class);

  private ResumeCheck() {}

  /**
   * Checks that the run in {@code runDirectory} can be resumed (recovering an interrupted
   * checkpoint swap first).
   *
   * @throws IOException naming the checkpoint file that is missing, truncated or damaged
   * @throws IllegalStateException naming the missing checkpoint when the metrics record two or more
   *     epochs
   */
  public static void check(Path runDirectory) throws IOException {
    Optional<Path> checkpoint =
        AtomicFiles.recoverDirectory(runDirectory.resolve(RunDirectory.CHECKPOINT_DIR));
    if (checkpoint.isPresent()) {
      CheckpointState.read(checkpoint.get());
    } else {
      refuseLostEpochs(runDirectory);
    }
  }

  /** Prepares {@code run}, which has no checkpoint, to start over (see the class comment). */
  static void startOver(RunDirectory run) throws IOException {
    refuseLostEpochs(run.root());
    LOG.info(
        "{} has no checkpoint yet: starting it over with its {}",
        run.root(),
        RunDirectory.CONFIG_FILE);
    AtomicFiles.deleteRecursively(run.metricsCsv());
    AtomicFiles.deleteRecursively(run.summary());
    AtomicFiles.deleteRecursively(run.metricsChart());
  }

  private static void refuseLostEpochs(Path runDirectory) throws IOException {
    Path metrics = runDirectory.resolve(RunDirectory.METRICS_FILE);
    int epochs = Files.exists(metrics) ? MetricsLog.read(metrics).size() : 0;
    if (epochs > 1) {
      throw new IllegalStateException(
          "cannot resume "
              + runDirectory
              + ": "
              + runDirectory.resolve(RunDirectory.CHECKPOINT_DIR)
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
