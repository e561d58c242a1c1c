package io.kflo4j.training.run;

import java.nio.file.Path;

/** A run directory refused because another process holds its {@link RunLock}. */
public final class RunInUseException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** {@code directory} is held by {@code owner}. */
  RunInUseException(Path directory, RunLock.Owner owner) {
    super(
        "run directory "
            + directory
            + " is in use by "
            + owner.text()
            + ": wait until it ends (a lock left by a killed process is taken over; one held on"
            + " another host ends when its process does, or delete "
            + directory.resolve(RunLock.FILE)
            + " if that process is gone)");
  }
}
