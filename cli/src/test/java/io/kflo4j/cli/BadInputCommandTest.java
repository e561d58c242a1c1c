package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.testing.ImageFolderFixture;
import io.kflo4j.datasets.testing.SyntheticCifar;
import io.kflo4j.savedmodels.testing.SmallModels;
import io.kflo4j.training.testing.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    return names(tmp);
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

  /** {@code kflo eval} of {@code model} on CIFAR-10 (not installed) into {@code out}: its error. */
  private String evalError(Path model, String out, String... options) {
    return error(
        CommandRunner.args(
            List.of(
                "eval",
                "--model",
                model.toString(),
                "--dataset",
                "cifar10",
                "--out",
                out,
                "--data-dir",
                tmp.resolve("no-data").toString()),
            options));
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
        evalError(model, out.toString()));
    assertEquals(List.of("file", "model"), listing());
  }

  @Test
  void anEvaluationNeverReplacesWhatTheUserDidNotName() throws IOException {
    Path model = FileTrees.copy(SmallModels.shared(), tmp.resolve("model"));
    Map<String, String> modelBefore = FileTrees.snapshot(model);
    Path mine = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "keep me");
    assertEquals(
        "kflo: error: cannot write the evaluation to "
            + mine
            + ": it is not empty and not an earlier evaluation report (--force replaces it)",
        evalError(model, mine.toString()));
    assertEquals(
        "kflo: error: cannot write the evaluation to " + model + ": it is the model evaluated",
        evalError(model, model.toString(), "--force"));
    assertEquals(
        "kflo: error: cannot write the evaluation to "
            + tmp
            + ": it holds the model evaluated "
            + model,
        evalError(model, tmp.toString(), "--force"));
    assertEquals(
        "kflo: error: cannot write the evaluation to "
            + Path.of("").toAbsolutePath()
            + ": it is the current directory or holds it; name a directory of its own",
        evalError(model, "."));
    assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
    assertEquals(modelBefore, FileTrees.snapshot(model));
    assertEquals(List.of("file", "mine", "model"), listing());
  }

  @Test
  void anExportNeverReplacesItsRunOrADirectoryThatIsNotAnExport() throws IOException {
    Path run = Files.createDirectories(tmp.resolve("run"));
    Files.writeString(run.resolve("config.json"), "{}");
    Files.writeString(run.resolve("metrics.csv"), "epoch\n");
    assertEquals(
        "kflo: error: cannot export to " + run + ": it is the run exported",
        error("export", "--run", run.toString(), "--out", run.toString(), "--force"));
    assertEquals(
        "kflo: error: cannot export to " + tmp + ": it holds the run exported " + run,
        error("export", "--run", run.toString(), "--out", tmp.toString(), "--force"));
    Path mine = Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "keep me");
    assertEquals(
        "kflo: error: cannot replace "
            + mine
            + ": it is not a kflo4j export (it holds neither saved_model.pb and assets/kflo4j.json"
            + " nor model.onnx); --force replaces only an earlier export",
        error("export", "--run", run.toString(), "--out", mine.toString(), "--force"));
    assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
    assertEquals(List.of("config.json", "metrics.csv"), names(run));
    assertEquals(List.of("file", "mine", "run"), listing());
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anExportTargetUnderAFileIsRefusedBeforeOpeningTheRun() {
    Path out = file.resolve("model");
    assertEquals(
        "kflo: error: cannot export to " + out + ": " + file + " is a file, not a directory",
        error("export", "--run", tmp.resolve("run").toString(), "--out", out.toString()));
  }

  @Test
  void aFailedFetchLeavesNoDataDirectory() throws IOException {
    Path data = tmp.resolve("data");
    Path archive =
        SyntheticCifar.archive(
            tmp.resolve("cifar-100-binary.tar.gz"), Map.of("notes.txt", new byte[] {1}));
    String line =
        error(
            "data",
            "fetch",
            "cifar100",
            "--from",
            archive.toString(),
            "--data-dir",
            data.toString());
    assertTrue(
        line.startsWith(
            "kflo: error: could not fetch CIFAR-100 into " + data + ": " + archive + ": member "),
        line);
    assertEquals(List.of("cifar-100-binary.tar.gz", "file"), listing());
  }

  /** A newline in a name given to kflo does not split its one-line error. */
  @Test
  void aNameWithANewlineStaysOnTheErrorLine() throws IOException {
    Path odd = Files.writeString(tmp.resolve("cat\nkflo: error: forged.png"), "not an image");
    assertEquals(
        "kflo: error: cannot decode image "
            + tmp
            + "/cat\\nkflo: error: forged.png: not a PNG, JPEG, BMP or GIF image",
        error("predict", "--model", SmallModels.shared().toString(), odd.toString()));
    assertEquals(
        "kflo: error: cannot resume " + tmp + "/run\\nkflo: error: forged: no such run directory",
        error("train", "--resume", "--out", tmp + "/run\nkflo: error: forged"));
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
