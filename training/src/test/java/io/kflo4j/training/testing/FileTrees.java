package io.kflo4j.training.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Directory trees in tests: copy one, or take its contents to compare later (travels in the
 * training test jar).
 */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Copies the directory tree {@code from} to {@code to} (which must not exist) and returns {@code
   * to}.
   */
  public static Path copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path copy = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  /**
   * Every regular file below {@code root} by relative path, with its size and modification time:
   * equal snapshots mean nothing was written there.
   */
  public static Map<String, String> snapshot(Path root) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            root.relativize(file).toString(),
            Files.size(file)
                + " bytes, modified "
                + Files.getLastModifiedTime(file).toMillis()
                + ", "
                + java.util.Arrays.hashCode(Files.readAllBytes(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
