package io.kflo4j.training.run;

import io.kflo4j.common.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The class names a run was trained on, one a line in {@value #FILE_NAME} of its directory. */
public final class RunClassNames {
  /** The file's name in a run directory. */
  public static final String FILE_NAME = "class-names.txt";

  private RunClassNames() {}

  /** Writes the class names of the run in {@code runDirectory}, atomically. */
  public static void write(Path runDirectory, List<String> names) throws IOException {
    AtomicFiles.writeString(runDirectory.resolve(FILE_NAME), String.join("\n", names) + "\n");
  }

  /**
   * The class names the run in {@code runDirectory} was trained on.
   *
   * @throws IOException naming the file when it is missing or unreadable
   */
  public static List<String> read(Path runDirectory) throws IOException {
    Path file = runDirectory.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is missing");
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank())
        .toList();
  }
}
