package io.kflo4j.common.progress;

/**
 * Receives the progress of one long task at a time, e.g. reading a folder of images. The training
 * module's progress reporters (a terminal bar, or log lines) are task progresses, so they can be
 * handed to the data sets' readers.
 *
 * <p>Life cycle: {@link #start}, any number of {@link #step}s, {@link #finish}. Calls come from one
 * thread.
 */
public interface TaskProgress {

  /**
   * Starts a task.
   *
   * @param task what is being done, e.g. "reading /data/pets"
   * @param totalUnits the task's size, {@code >= 0}, or {@code -1} when unknown
   * @param unitName the plural name of a unit, e.g. "images"
   */
  void start(String task, long totalUnits, String unitName);

  /**
   * Records progress.
   *
   * @param units units done since the last call, {@code >= 0}
   */
  void step(long units);

  /** Ends the running task. Does nothing if no task is running. */
  void finish();

  /** A progress that shows nothing. */
  static TaskProgress none() {
    return new TaskProgress() {
      @Override
      public void start(String task, long totalUnits, String unitName) {}

      @Override
      public void step(long units) {}

      @Override
      public void finish() {}
    };
  }
}
