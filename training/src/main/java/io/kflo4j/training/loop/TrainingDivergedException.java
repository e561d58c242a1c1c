package io.kflo4j.training.loop;

/** The loss became NaN or infinite; the run stopped and the last good checkpoint is kept. */
public final class TrainingDivergedException extends RuntimeException {
  private final long step;

  TrainingDivergedException(String message, long step) {
    super(message);
    this.step = step;
  }

  /** The 0-based global step whose loss was not finite. */
  public long step() {
    return step;
  }
}
