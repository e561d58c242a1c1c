package io.kflo4j.training.testing;

import io.kflo4j.training.run.RunLock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Another process that holds a run directory's lock: {@link #start} runs {@link #main} in a new JVM
 * on the test class path; it locks {@code args[0]}, prints {@value #LOCKED} and holds the lock
 * until its standard input ends (or it is killed).
 */
public final class LockHolder {
  /** The line printed once the lock is held. */
  public static final String LOCKED = "locked";

  private LockHolder() {}

  /** Locks {@code args[0]} until standard input ends. */
  public static void main(String[] args) throws IOException {
    try (RunLock lock = RunLock.acquire(Path.of(args[0]))) {
      System.out.println(LOCKED);
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock
      }
    }
  }

  /** Starts a holder of {@code directory}'s lock and waits until it holds it. */
  public static Process start(Path directory) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    LockHolder.class.getName(),
                    directory.toString()))
            .redirectErrorStream(true)
            .start();
    String line = new String(process.getInputStream().readNBytes(LOCKED.length()), "UTF-8");
    if (!line.equals(LOCKED)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IOException("the lock holder did not lock " + directory + ": " + line);
    }
    return process;
  }
}
