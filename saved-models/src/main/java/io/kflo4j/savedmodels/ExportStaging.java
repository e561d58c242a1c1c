package io.kflo4j.savedmodels;

import io.kflo4j.common.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The hidden directories an export keeps beside its target {@code NAME}: {@code
 * .NAME.export-PID-RANDOM}, the new model being written and checked, and {@code
 * .NAME.old-PID-RANDOM}, the replaced model while {@code --force} swaps them. A process killed
 * during an export leaves them behind; {@link #recover} cleans up after exports whose process is
 * gone (a name without a process id, from an older kflo4j, counts as gone): it deletes their
 * new-model directories, and puts a replaced model back when the kill came before the new one was
 * renamed in (the target is missing).
 */
final class ExportStaging {
  private static final Logger LOG = LogManager.getLogger(ExportStaging.class);
  private static final String STAGING = ".export-";
  private static final String OLD = ".old-";

  private ExportStaging() {}

  /** Creates a new staging directory for {@code target} and returns it. */
  static Path createStaging(Path target) throws IOException {
    return Files.createDirectory(freeSibling(target, STAGING));
  }

  /** A free name beside {@code target} for the model it replaces. */
  static Path oldSibling(Path target) {
    return freeSibling(target, OLD);
  }

  /** Cleans up what killed exports of {@code target} left beside it (see the class comment). */
  static void recover(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent)) {
      return;
    }
    String prefix = "." + target.getFileName();
    List<Path> leftovers;
    try (Stream<Path> entries = Files.list(parent)) {
      leftovers =
          entries
              .filter(entry -> isLeftover(entry.getFileName().toString(), prefix))
              .sorted()
              .toList();
    }
    for (Path leftover : leftovers) {
      if (leftover.getFileName().toString().startsWith(prefix + OLD) && !Files.exists(target)) {
        Files.move(leftover, target, StandardCopyOption.ATOMIC_MOVE);
        LOG.warn(
            "put {} back as {}: an export killed while replacing it had moved it aside",
            leftover,
            target);
      } else {
        AtomicFiles.deleteRecursively(leftover);
        LOG.info("deleted {}, left by an interrupted export", leftover);
      }
    }
  }

  /** Whether {@code name} is a staging or old directory of the target whose process is gone. */
  private static boolean isLeftover(String name, String prefix) {
    for (String infix : new String[] {STAGING, OLD}) {
      if (name.startsWith(prefix + infix)) {
        Optional<Long> pid = owner(name.substring(prefix.length() + infix.length()));
        if (pid.isEmpty()) {
          return true;
        }
        return pid.get() != ProcessHandle.current().pid()
            && ProcessHandle.of(pid.get()).map(process -> !process.isAlive()).orElse(true);
      }
    }
    return false;
  }

  /** The process id in {@code PID-RANDOM}, empty without one. */
  private static Optional<Long> owner(String suffix) {
    int dash = suffix.indexOf('-');
    try {
      return dash < 1 ? Optional.empty() : Optional.of(Long.parseLong(suffix.substring(0, dash)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Path freeSibling(Path target, String infix) {
    Path candidate;
    do {
      candidate =
          target.resolveSibling(
              "."
                  + target.getFileName()
                  + infix
                  + ProcessHandle.current().pid()
                  + "-"
                  + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
    } while (Files.exists(candidate));
    return candidate;
  }
}
