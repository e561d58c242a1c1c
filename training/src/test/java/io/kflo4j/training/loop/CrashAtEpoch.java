package io.kflo4j.training.loop;

/** Crashes a run when an epoch starts, as a killed process would. */
record CrashAtEpoch(int epoch) implements TrainingListener {
  /** The crash. */
  static final class SimulatedCrash extends RuntimeException {}

  @Override
  public void onEpochStart(int started) {
    if (started == epoch) {
      throw new SimulatedCrash();
    }
  }
}
