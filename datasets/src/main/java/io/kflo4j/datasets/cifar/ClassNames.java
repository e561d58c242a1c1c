package io.kflo4j.datasets.cifar;

import io.kflo4j.datasets.core.DatasetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads class names from a data set's names file (one name a line; blank lines and surrounding
 * whitespace ignored), or falls back on the built-in names where the layout has them (CIFAR-10).
 */
public final class ClassNames {
  private ClassNames() {}

  /**
   * The class names of {@code label}, from its names file in the data set's directory inside {@code
   * dataDir}.
   *
   * @throws DatasetException if the file is required and missing, or holds the wrong number of
   *     names
   */
  public static List<String> read(Path dataDir, CifarLayout layout, CifarLayout.LabelByte label) {
    String name = layout.displayName(label.namesFile());
    Path path = layout.directoryIn(dataDir).resolve(label.namesFile());
    if (!Files.isRegularFile(path)) {
      if (!label.fallbackNames().isEmpty()) {
        return label.fallbackNames();
      }
      throw new DatasetException(name + ": file is missing");
    }
    List<String> names;
    try {
      names =
          Files.readAllLines(path, StandardCharsets.UTF_8).stream()
              .map(String::strip)
              .filter(line -> !line.isEmpty())
              .toList();
    } catch (IOException e) {
      throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
    }
    if (names.size() != label.classes()) {
      throw new DatasetException(
          name + ": " + names.size() + " names, expected " + label.classes());
    }
    return names;
  }

  /** Writes {@code names} one a line, as the official names files have them. */
  public static void write(Path file, List<String> names) throws IOException {
    Files.write(file, names, StandardCharsets.UTF_8);
  }
}
