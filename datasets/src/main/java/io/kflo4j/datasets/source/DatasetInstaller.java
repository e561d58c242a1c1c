package io.kflo4j.datasets.source;

import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.cifar.CifarVerifier;
import io.kflo4j.datasets.core.DatasetException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Makes sure a data set is in the data directory: accepts it if it is already there and verifies;
 * otherwise tries the sources in order, each into a fresh staging directory inside the data
 * directory, verifies what the source produced (md5s included), and moves the data set's directory
 * into place atomically. A failed source leaves nothing behind; the next one is tried.
 */
public final class DatasetInstaller {
  private static final Logger LOG = LogManager.getLogger(DatasetInstaller.class);

  private DatasetInstaller() {}

  /**
   * The data set's directory inside {@code dataDir}, verified.
   *
   * @throws DatasetException if the data set is present but invalid, or every source failed (each
   *     one's reason is in the message)
   */
  public static Path install(Path dataDir, CifarLayout layout, List<DataSource> sources) {
    Path target = layout.directoryIn(dataDir);
    String name = layout.variant().displayName();
    if (Files.exists(target)) {
      return checkPresent(dataDir, layout);
    }
    Optional<Path> created = firstMissing(dataDir);
    checkWritable(dataDir, name);
    try {
      return installFromSources(dataDir, layout, sources);
    } catch (RuntimeException e) {
      created.ifPresent(top -> removeEmpty(dataDir, top));
      throw e;
    }
  }

  /** Tries the sources in order (see the class comment). */
  private static Path installFromSources(
      Path dataDir, CifarLayout layout, List<DataSource> sources) {
    Path target = layout.directoryIn(dataDir);
    String name = layout.variant().displayName();
    List<String> failures = new ArrayList<>();
    String singleReason = "no source to try";
    for (DataSource source : sources) {
      LOG.info("{}: trying {}", name, source.describe());
      try (StagingDirectory staging =
          StagingDirectory.create(dataDir, ".fetch-" + layout.variant().id() + "-")) {
        source.provide(layout, staging.path());
        CifarVerifier.verifyAndMark(staging.path(), layout);
        Files.move(layout.directoryIn(staging.path()), target, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("{}: verified and installed in {} (from {})", name, target, source.describe());
        return target;
      } catch (IOException | RuntimeException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.warn("{}: {} failed: {}", name, source.describe(), reason);
        LOG.debug("{} failure", source.describe(), e);
        failures.add(source.describe() + ": " + reason);
        singleReason = reason;
      }
    }
    throw new DatasetException(
        "could not fetch "
            + name
            + " into "
            + dataDir
            + (failures.size() <= 1
                ? ": " + singleReason
                : " from any source: " + numbered(failures)));
  }

  /** The outermost directory of {@code dataDir}'s path that does not exist yet, if any. */
  private static Optional<Path> firstMissing(Path dataDir) {
    Path missing = null;
    for (Path p = dataDir.toAbsolutePath().normalize();
        p != null && !Files.exists(p);
        p = p.getParent()) {
      missing = p;
    }
    return Optional.ofNullable(missing);
  }

  /**
   * Deletes the directories a failed install created, from {@code dataDir} up to {@code top}, as
   * long as they are empty: a failed fetch leaves no empty data directory behind.
   */
  private static void removeEmpty(Path dataDir, Path top) {
    for (Path p = dataDir.toAbsolutePath().normalize();
        p != null && p.startsWith(top);
        p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return; // not empty (or not ours to delete): keep it and what is above it
      }
    }
  }

  /** Fails, before any source is tried, when the data directory cannot be created or written. */
  private static void checkWritable(Path dataDir, String name) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new DatasetException(
          "cannot fetch "
              + name
              + ": cannot create the data directory "
              + dataDir
              + " ("
              + (e instanceof AccessDeniedException ? "permission denied on " : "")
              + e.getMessage()
              + ")",
          e);
    }
    if (!Files.isWritable(dataDir)) {
      throw new DatasetException(
          "cannot fetch "
              + name
              + ": the data directory "
              + dataDir
              + " is not writable "
              + "(permission denied)");
    }
  }

  private static String numbered(List<String> failures) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < failures.size(); i++) {
      text.append(i == 0 ? "" : "; ")
          .append('(')
          .append(i + 1)
          .append(") ")
          .append(failures.get(i));
    }
    return text.toString();
  }

  private static Path checkPresent(Path dataDir, CifarLayout layout) {
    Path target = layout.directoryIn(dataDir);
    if (CifarVerifier.currentMarker(dataDir, layout).isPresent()) {
      LOG.info("{}: already in {}, verified", layout.variant().displayName(), target);
      return target;
    }
    LOG.info("{}: found in {}, verifying", layout.variant().displayName(), target);
    try {
      CifarVerifier.verifyAndMark(dataDir, layout);
    } catch (DatasetException e) {
      throw new DatasetException(e.getMessage() + " (delete " + target + " and fetch again)", e);
    }
    return target;
  }
}
