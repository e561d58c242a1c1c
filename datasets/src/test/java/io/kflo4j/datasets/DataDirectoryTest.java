package io.kflo4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.datasets.core.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
  private static final Path HOME = Path.of("/home/u");
  private static final Map<String, String> BOTH =
      Map.of("KFLO_DATA_DIR", "/env/data", "XDG_CACHE_HOME", "/xdg");

  @Test
  void explicitDirectoryWins() {
    assertEquals(
        Path.of("/explicit/d"), DataDirectory.resolve(Path.of("/explicit/x/../d"), BOTH, HOME));
  }

  @Test
  void thenTheEnvironmentVariable() {
    assertEquals(Path.of("/env/data"), DataDirectory.resolve(null, BOTH, HOME));
  }

  @Test
  void thenTheXdgCache() {
    assertEquals(
        Path.of("/xdg/kflo4j/data"),
        DataDirectory.resolve(null, Map.of("XDG_CACHE_HOME", "/xdg", "KFLO_DATA_DIR", " "), HOME));
  }

  @Test
  void thenTheHomeCache() {
    assertEquals(
        Path.of("/home/u/.cache/kflo4j/data"), DataDirectory.resolve(null, Map.of(), HOME));
  }

  @Test
  void relativeDirectoriesBecomeAbsolute() {
    assertEquals(
        Path.of("").toAbsolutePath().resolve("rel"),
        DataDirectory.resolve(Path.of("rel"), Map.of(), HOME));
  }

  @Test
  void aFileIsNotADataDirectory(@TempDir Path tmp) throws IOException {
    Path file = Files.writeString(tmp.resolve("data"), "x");
    assertEquals(
        "data directory "
            + file
            + " (--data-dir) is a file: expected a directory holding the data sets "
            + "(or none yet)",
        assertThrows(DatasetException.class, () -> DataDirectory.resolve(file, Map.of(), HOME))
            .getMessage());
    assertEquals(
        "data directory "
            + file
            + " ($KFLO_DATA_DIR) is a file: expected a directory holding the data "
            + "sets (or none yet)",
        assertThrows(
                DatasetException.class,
                () -> DataDirectory.resolve(null, Map.of("KFLO_DATA_DIR", file.toString()), HOME))
            .getMessage());
  }
}
