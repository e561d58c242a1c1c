package io.kflo4j.datasets;

import io.kflo4j.datasets.core.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the data sets live: an explicit directory ({@code --data-dir}) if given, else {@code
 * $KFLO_DATA_DIR}, else {@code $XDG_CACHE_HOME/kflo4j/data}, else {@code ~/.cache/kflo4j/data}.
 */
public final class DataDirectory {
  /** The environment variable that overrides the default data directory. */
  public static final String ENV_VARIABLE = "KFLO_DATA_DIR";

  private DataDirectory() {}

  /**
   * The data directory, absolute and normalized; it may not exist yet.
   *
   * @param explicitOrNull the directory given on the command line, or {@code null}
   * @throws DatasetException when something else than a directory is there, naming it and where it
   *     was chosen from
   */
  public static Path resolve(Path explicitOrNull) {
    return resolve(explicitOrNull, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  static Path resolve(Path explicitOrNull, Map<String, String> environment, Path home) {
    Path chosen;
    String source;
    if (explicitOrNull != null) {
      chosen = explicitOrNull;
      source = "--data-dir";
    } else if (isSet(environment.get(ENV_VARIABLE))) {
      chosen = Path.of(environment.get(ENV_VARIABLE));
      source = "$" + ENV_VARIABLE;
    } else if (isSet(environment.get("XDG_CACHE_HOME"))) {
      chosen = Path.of(environment.get("XDG_CACHE_HOME"), "kflo4j", "data");
      source = "the default under $XDG_CACHE_HOME";
    } else {
      chosen = home.resolve(".cache").resolve("kflo4j").resolve("data");
      source = "the default";
    }
    Path directory = chosen.toAbsolutePath().normalize();
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new DatasetException(
          "data directory "
              + directory
              + " ("
              + source
              + ") is a file: expected a "
              + "directory holding the data sets (or none yet)");
    }
    return directory;
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
