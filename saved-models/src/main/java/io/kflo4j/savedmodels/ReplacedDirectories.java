package io.kflo4j.savedmodels;

import io.kflo4j.common.files.RunMarkers;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.onnx.OnnxFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks on a directory that a command replaces as a whole ({@code kflo eval --out}, {@code kflo
 * export --out --force}), so that nothing the user did not name is lost: never the current
 * directory or one above it, never what the command reads (the model evaluated, the run exported)
 * or a directory above it, and, where the command may replace other directories, never one that
 * holds a training run or a SavedModel or ONNX model.
 */
public final class ReplacedDirectories {
  /** The most entries a tree is scanned for runs and models before it is refused as too large. */
  static final int MAX_SCANNED = 10_000;

  private ReplacedDirectories() {}

  /**
   * Refuses {@code target} when it is the current directory or above it, or when it is or holds one
   * of {@code kept}.
   *
   * @param purpose what the command does, for the message, e.g. {@code "write the evaluation to"}
   * @param kept directories the command must leave alone, each with its description (e.g. {@code
   *     "the model evaluated"})
   * @throws SavedModelException {@code cannot <purpose> <target>: it is ...}
   */
  public static void checkNotHolding(Path target, String purpose, Map<Path, String> kept) {
    Path absolute = target.toAbsolutePath().normalize();
    if (Path.of("").toAbsolutePath().startsWith(absolute)) {
      throw refusal(
          purpose,
          absolute,
          "it is the current directory or holds it; name a directory of its own");
    }
    kept.forEach(
        (path, description) -> {
          Path keptPath = path.toAbsolutePath().normalize();
          if (keptPath.equals(absolute)) {
            throw refusal(purpose, absolute, "it is " + description);
          }
          if (keptPath.startsWith(absolute)) {
            throw refusal(purpose, absolute, "it holds " + description + " " + keptPath);
          }
        });
  }

  /**
   * Refuses a directory that is or holds a training run ({@link RunMarkers#isRun}), a SavedModel or
   * an ONNX model ({@code model.onnx}), or that is too large to be scanned for them ({@value
   * #MAX_SCANNED} entries).
   *
   * @throws SavedModelException naming the run or model found
   */
  public static void checkHoldsNoRunOrModel(Path target, String purpose) {
    Path absolute = target.toAbsolutePath().normalize();
    int scanned = 0;
    try (Stream<Path> tree = Files.walk(absolute)) {
      for (Iterator<Path> entries = tree.iterator(); entries.hasNext(); ) {
        Path entry = entries.next();
        if (++scanned > MAX_SCANNED) {
          throw refusal(
              purpose,
              absolute,
              "it holds more than " + MAX_SCANNED + " files; name a new or empty directory");
        }
        if (Files.isDirectory(entry) && RunMarkers.isRun(entry)) {
          throw refusal(purpose, absolute, "it holds the training run " + entry);
        }
        if (entry.getFileName() != null
            && entry.getFileName().toString().equals(SavedModelFiles.SAVED_MODEL_PB)) {
          throw refusal(purpose, absolute, "it holds the SavedModel " + entry.getParent());
        }
        if (entry.getFileName() != null
            && entry.getFileName().toString().equals(OnnxFormat.MODEL_FILE)) {
          throw refusal(purpose, absolute, "it holds the ONNX model " + entry);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw refusal(purpose, absolute, "it cannot be scanned (" + e.getMessage() + ")");
    }
  }

  /** Whether {@code directory} is a directory without entries. */
  public static boolean isEmptyDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static SavedModelException refusal(String purpose, Path target, String reason) {
    return new SavedModelException("cannot " + purpose + " " + target + ": " + reason);
  }
}
