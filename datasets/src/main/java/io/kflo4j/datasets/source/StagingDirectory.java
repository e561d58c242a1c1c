package io.kflo4j.datasets.source;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A fresh temporary directory that is deleted with everything in it on {@link #close()}, and also
 * if the JVM shuts down (e.g. Ctrl-C) while it is open, so that no partial files are left behind.
 */
public final class StagingDirectory implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(StagingDirectory.class);

  private final Path path;
  private final Thread shutdownCleanup;

  private StagingDirectory(Path path) {
    this.path = path;
    this.shutdownCleanup = new Thread(() -> deleteQuietly(path), "staging-cleanup");
    Runtime.getRuntime().addShutdownHook(shutdownCleanup);
  }

  /**
   * A new directory inside {@code parent} (created if needed) whose name starts with {@code
   * prefix}.
   */
  public static StagingDirectory create(Path parent, String prefix) throws IOException {
    Files.createDirectories(parent);
    return new StagingDirectory(Files.createTempDirectory(parent, prefix));
  }

  /** The directory. */
  public Path path() {
    return path;
  }

  /** Deletes the directory and everything left in it. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownCleanup);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or will run; deleting twice is harmless
    }
    deleteQuietly(path);
  }

  /** Deletes {@code path} and everything under it, if it exists. */
  static void deleteRecursively(Path path) throws IOException {
    if (Files.exists(path)) {
      MoreFiles.deleteRecursively(path, RecursiveDeleteOption.ALLOW_INSECURE);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      deleteRecursively(path);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", path, e.toString());
    }
  }
}
