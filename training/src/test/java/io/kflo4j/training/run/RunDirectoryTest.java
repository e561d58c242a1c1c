package io.kflo4j.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.common.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

  @TempDir Path out;

  @Test
  void createsTheDirectoryAndNamesItsFiles() throws IOException {
    RunDirectory run = RunDirectory.create(out.resolve("runs"), "vgg16-kflo");
    Path root = out.resolve("runs/vgg16-kflo");
    assertTrue(Files.isDirectory(root));
    assertEquals(root, run.root());
    assertEquals("vgg16-kflo", run.name());
    assertFalse(run.isResumed());
    assertEquals(root.resolve("config.json"), run.config());
    assertEquals(root.resolve("metrics.csv"), run.metricsCsv());
    assertEquals(root.resolve("summary.json"), run.summary());
    assertEquals(root.resolve("metrics.png"), run.metricsChart());
    assertEquals(root.resolve("checkpoint"), run.checkpoint());
    assertEquals(root.resolve("train.log"), run.trainLog());
  }

  @Test
  void reusesAnEmptyDirectory() throws IOException {
    Files.createDirectories(out.resolve("a"));
    assertEquals(out.resolve("a"), RunDirectory.create(out, "a").root());
  }

  @Test
  void refusesANonEmptyDirectoryUnlessResuming() throws IOException {
    RunDirectory run = RunDirectory.create(out, "a");
    Files.writeString(run.config(), "{}");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> RunDirectory.create(out, "a"));
    assertEquals(
        "run directory "
            + out.resolve("a")
            + " already exists and is not empty: resume the run to"
            + " continue it, or choose another run name",
        e.getMessage());
    RunDirectory resumed = RunDirectory.resume(out, "a");
    assertTrue(resumed.isResumed());
    assertEquals("{}", Files.readString(resumed.config()));
  }

  @Test
  void resumeNeedsAnExistingDirectory() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> RunDirectory.resume(out, "b"));
    assertEquals(
        "cannot resume run 'b': run directory " + out.resolve("b") + " does not exist",
        e.getMessage());
  }

  @Test
  void rejectsNamesThatAreNotPlainDirectoryNames() {
    for (String bad : new String[] {"", "..", "a/b", ".hidden", "a b", "-x"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> RunDirectory.create(out, bad), bad);
      assertEquals(
          "runName must be a plain directory name (letters, digits, '.', '_', '-', starting with a"
              + " letter or digit), got '"
              + bad
              + "'",
          e.getMessage());
    }
  }

  @Test
  void recoversTheCheckpoint() throws IOException {
    RunDirectory run = RunDirectory.create(out, "r");
    assertEquals(Optional.empty(), run.recoverCheckpoint());
    AtomicFiles.replaceDirectory(run.checkpoint(), d -> Files.writeString(d.resolve("w"), "1"));
    Files.move(run.checkpoint(), run.root().resolve("checkpoint.tmp")); // crash between the renames
    assertEquals(Optional.of(run.checkpoint()), run.recoverCheckpoint());
    assertEquals("1", Files.readString(run.checkpoint().resolve("w")));
  }

  @Test
  void aFileWhereTheRunsGoIsNamedBeforeAnythingIsCreated() throws IOException {
    Path file = Files.writeString(out.resolve("file"), "x");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunDirectory.check(file.resolve("runs"), "a", false));
    assertEquals(
        "cannot create run directory "
            + file.resolve("runs/a")
            + ": "
            + file
            + " is a file, not a "
            + "directory",
        e.getMessage());
  }
}
