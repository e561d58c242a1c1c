package io.kflo4j.training.loop;

/**
 * Crashes a run at an epoch, as a killed process would: when it starts, or once its checkpoint is
 * saved.
 */
record CrashAtEpoch(int epoch, Moment moment) implements TrainingListener {
  /** The crash. */
  static final class SimulatedCrash extends RuntimeException {}

  /** When in the epoch the run crashes. */
  enum Moment {
    /** Before the epoch's first step. */
    START,
    /** After its checkpoint is saved, before anything else. */
    AFTER_CHECKPOINT
  }

  /** Crashes when {@code epoch} starts. */
  CrashAtEpoch(int epoch) {
    this(epoch, Moment.START);
  }

  @Override
  public void onEpochStart(int started) {
    if (moment == Moment.START && started == epoch) {
      throw new SimulatedCrash();
    }
  }

  @Override
  public void onCheckpoint(int saved, long iteration, double seconds) {
    if (moment == Moment.AFTER_CHECKPOINT && saved == epoch) {
      throw new SimulatedCrash();
    }
  }
}
