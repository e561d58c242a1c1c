package io.kflo4j.savedmodels;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A test seam between the trust check and the graph's import in {@link ExportedModel}: a hook set
 * here runs right after {@code saved_model.pb} was checked and before the checked graph runs, so a
 * test can play the writer who swaps the file in between (the time-of-check, time-of-use attack)
 * and prove that the swapped file never runs. Unset (the default) it does nothing.
 */
public final class ModelLoadHook {
  private static volatile Consumer<Path> afterCheck = directory -> {};

  private ModelLoadHook() {}

  /**
   * Runs {@code hook} with the model directory after every check, until the returned handle is
   * closed.
   */
  public static AutoCloseable set(Consumer<Path> hook) {
    afterCheck = hook;
    return () -> afterCheck = directory -> {};
  }

  /** Runs the hook, if any, for the model in {@code directory}. */
  static void afterCheck(Path directory) {
    afterCheck.accept(directory);
  }
}
