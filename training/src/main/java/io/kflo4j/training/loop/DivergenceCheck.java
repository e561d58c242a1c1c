package io.kflo4j.training.loop;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.training.run.CheckpointState;
import io.kflo4j.training.run.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Stops a run whose loss becomes NaN or infinite, naming the step and saying what is kept: the last
 * good checkpoint, or nothing to resume yet.
 */
final class DivergenceCheck implements TrainingListener {
  private static final Logger LOG = LogManager.getLogger(DivergenceCheck.class);

  private final RunDirectory run;

  DivergenceCheck(RunDirectory run) {
    this.run = run;
  }

  @Override
  public void onStep(StepOutcome step) {
    if (Float.isFinite(step.result().loss())) {
      return;
    }
    TrainingDivergedException diverged =
        new TrainingDivergedException(
            String.format(
                Locale.ROOT,
                "loss is %s at step %d (epoch %d, batch %d of %d, learning rate %.3g); %s",
                step.result().loss(),
                step.iteration(),
                step.epoch(),
                step.batch(),
                step.batches(),
                step.rate(),
                whatIsKept()),
            step.iteration());
    LOG.error(diverged.getMessage());
    throw diverged;
  }

  /** What a diverged run leaves: its last good checkpoint, or nothing to resume yet. */
  private String whatIsKept() {
    try {
      if (!AtomicFiles.isComplete(run.checkpoint())) {
        return "the run stopped before its first checkpoint, so there is nothing to resume: train"
            + " again with a lower learning rate";
      }
      return "the run stopped and its last good checkpoint (epoch "
          + CheckpointState.read(run.checkpoint()).epoch()
          + ") is kept in "
          + run.checkpoint();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
