package io.kflo4j.savedmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.testing.SmallModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What killed exports leave beside a target is cleaned up by the next export; unwritable targets
 * fail first.
 */
class ExportStagingTest {
  /** A process id no process can have (above Linux's pid_max). */
  private static final long GONE = 999_999_999L;

  @TempDir Path tmp;

  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void stagingDirectoriesOfGoneExportsAreDeletedAndLiveOnesKept() throws IOException {
    String live = ".model.export-" + ProcessHandle.current().pid() + "-running";
    for (String name :
        List.of(
            ".model.export-" + GONE + "-killed",
            ".model.export-olderkflo4j",
            live,
            ".other.export-" + GONE + "-x")) {
      Files.writeString(
          Files.createDirectories(tmp.resolve(name)).resolve("saved_model.pb"), "partial");
    }
    SmallModels.export(tmp.resolve("model"));
    assertEquals(List.of(live, ".other.export-" + GONE + "-x", "model"), listing());
  }

  @Test
  void aModelMovedAsideByAKilledForcedExportIsPutBack() throws IOException {
    Path aside = Files.createDirectories(tmp.resolve(".model.old-" + GONE + "-killed"));
    Files.writeString(aside.resolve("keep.txt"), "the previous model");
    Path target = tmp.resolve("model");
    SavedModelException e =
        assertThrows(SavedModelException.class, () -> ModelExporter.prepareTarget(target, false));
    assertEquals(
        "export directory " + target + " already exists (use --force to replace it)",
        e.getMessage());
    assertEquals("the previous model", Files.readString(target.resolve("keep.txt")));
    assertEquals(List.of("model"), listing());
  }

  @Test
  void aTargetThatCannotBeWrittenIsRefusedBeforeAnyWork() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    SavedModelException e =
        assertThrows(
            SavedModelException.class,
            () -> ModelExporter.prepareTarget(file.resolve("model"), false));
    assertEquals(
        "cannot export to " + file.resolve("model") + ": " + file + " is a file, not a directory",
        e.getMessage());
  }
}
