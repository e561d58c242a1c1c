package io.kflo4j.common.progress;

import java.util.Map;

/**
 * Reports the progress of one task at a time (an epoch, an evaluation, an export) to a person or a
 * log.
 *
 * <p>Life cycle: {@link #start}, any number of {@link #step}s, {@link #finish}; then the reporter
 * may be started again for the next task. Calls come from one thread (the training loop).
 */
public interface ProgressReporter extends TaskProgress {

  /** {@code totalUnits} for a task whose size is not known: no percentage and no ETA are shown. */
  long UNKNOWN_TOTAL = -1;

  /**
   * Starts a task.
   *
   * @param task what is being done, e.g. "epoch 3/150"
   * @param totalUnits the task's size, {@code >= 0}, or {@link #UNKNOWN_TOTAL}
   * @param unitName the plural name of a unit, e.g. "images"
   * @throws IllegalStateException if a task is running (not finished)
   */
  @Override
  void start(String task, long totalUnits, String unitName);

  /**
   * Records progress.
   *
   * @param units units done since the last call, {@code >= 0}
   * @param extras the current values to show next to the progress, e.g. {@code loss -> "1.234"}
   *     (replaces the previous extras; shown in the map's iteration order)
   * @throws IllegalStateException if no task is running
   */
  void step(long units, Map<String, String> extras);

  /**
   * Records progress without extras (keeps the previous ones).
   *
   * @param units units done since the last call, {@code >= 0}
   */
  @Override
  void step(long units);

  /** Ends the running task, showing its final state. Does nothing if no task is running. */
  @Override
  void finish();
}
