package io.kflo4j.common.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Forcing written files and directory entries to disk, for {@link AtomicFiles}. */
final class DiskSync {
  private DiskSync() {}

  /** Forces every regular file below {@code root}, then every directory (deepest first). */
  static void forceTree(Path root) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(root)) {
      all = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
    }
    for (Path p : all) {
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
          channel.force(true);
        }
      }
    }
    for (Path p : all) {
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        forceDirectory(p);
      }
    }
  }

  /**
   * Forces a directory's entries (renames, creations) to disk. Supported on Linux and macOS; where
   * the platform cannot open a directory (Windows) this is skipped.
   */
  static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Opening a directory is not supported on this platform; the rename is still atomic.
    }
  }
}
