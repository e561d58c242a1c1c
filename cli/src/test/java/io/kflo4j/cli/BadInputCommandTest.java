package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.testing.ImageFolderFixture;
import io.kflo4j.savedmodels.testing.SmallModels;
import io.kflo4j.training.testing.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs a new user gives: each is one line on stderr naming the thing and what was expected,
 * exit status 1, and nothing written.
 */
class BadInputCommandTest {
  @TempDir Path tmp;

  /** A regular file where a directory is expected. */
  private Path file;

  @BeforeEach
  void file() throws IOException {
    file = Files.writeString(tmp.resolve("file"), "not a directory");
  }

  /** Runs {@code kflo args}, expects exit status 1 and returns the one line it wrote to stderr. */
  private static String error(String... args) {
    CommandRunner.Run run = CommandRunner.run(args);
    assertEquals(1, run.exitCode(), run.err());
    List<String> lines = run.err().lines().toList();
    assertEquals(1, lines.size(), run.err());
    return lines.get(0);
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aDataDirectoryThatIsAFile() {
    String expected =
        "kflo: error: data directory "
            + file
            + " (--data-dir) is a file: expected a directory holding "
            + "the data sets (or none yet)";
    assertEquals(expected, error("data", "info", "--data-dir", file.toString()));
    assertEquals(expected, error("data", "fetch", "cifar10", "--data-dir", file.toString()));
  }

  @Test
  void aRunDirectoryUnderAFile() throws IOException {
    Path run = file.resolve("run");
    assertEquals(
        "kflo: error: cannot create run directory "
            + run
            + ": "
            + file
            + " is a file, not a directory",
        error("train", "--out", run.toString(), "--data-dir", tmp.resolve("no-data").toString()));
    assertEquals(List.of("file"), listing());
  }

  @Test
  void anEvaluationDirectoryUnderAFileIsRefusedBeforeEvaluating() throws IOException {
    Path model = FileTrees.copy(SmallModels.shared(), tmp.resolve("model"));
    Path out = file.resolve("eval");
    assertEquals(
        "kflo: error: cannot write the evaluation to "
            + out
            + ": "
            + file
            + " is a file, not a directory",
        error(
            "eval",
            "--model",
            model.toString(),
            "--dataset",
            "cifar10",
            "--out",
            out.toString(),
            "--data-dir",
            tmp.resolve("no-data").toString()));
    assertEquals(List.of("file", "model"), listing());
  }

  @Test
  void anExportTargetUnderAFileIsRefusedBeforeOpeningTheRun() {
    Path out = file.resolve("model");
    assertEquals(
        "kflo: error: cannot export to " + out + ": " + file + " is a file, not a directory",
        error("export", "--run", tmp.resolve("run").toString(), "--out", out.toString()));
  }

  @Test
  void aResumeOfNothing() {
    Path run = tmp.resolve("nothing");
    assertEquals(
        "kflo: error: cannot resume " + run + ": no such run directory",
        error("train", "--resume", "--out", run.toString()));
  }

  @Test
  void aDecompressionBombIsRefusedByItsHeader() throws IOException {
    Path bomb = ImageFolderFixture.writePngHeaderOnly(tmp.resolve("bomb.png"), 30_000, 30_000);
    CommandRunner.Run predict =
        CommandRunner.run("predict", "--model", SmallModels.shared().toString(), bomb.toString());
    assertEquals(1, predict.exitCode());
    assertEquals(
        "kflo: error: cannot read image "
            + bomb
            + ": it is 30000 x 30000 pixels, more than the 100,000,000 "
            + "pixels kflo4j decodes (refused before decoding)\n",
        predict.err());
    assertTrue(predict.out().isEmpty(), predict.out());
  }
}
