package io.kflo4j.training.loop;

import io.kflo4j.training.progress.ProgressReporter;
import java.util.Map;

/** Crashes a run when an epoch starts, as a killed process would. */
record CrashAtEpoch(int epoch) implements ProgressReporter {
  /** The crash. */
  static final class SimulatedCrash extends RuntimeException {}

  @Override
  public void start(String task, long totalUnits, String unitName) {
    if (task.startsWith("epoch " + epoch + "/")) {
      throw new SimulatedCrash();
    }
  }

  @Override
  public void step(long units, Map<String, String> extras) {}

  @Override
  public void step(long units) {}

  @Override
  public void finish() {}
}
