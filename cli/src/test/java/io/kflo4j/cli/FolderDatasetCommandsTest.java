package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kflo4j.datasets.testing.ImageFolderFixture;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.eval.EvaluationReport;
import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.transfer.TransferJob;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --dataset folder:PATH} through {@code kflo train}, {@code export}, {@code transfer} and
 * {@code eval}, on a generated folder: 3 classes of 20 PNG and JPEG images of five sizes (9x9 to
 * 640x480), a damaged PNG in dog/ and a text file in horse/. One epoch of Cifar-quick, batches of
 * 16.
 */
class FolderDatasetCommandsTest {
  private static final List<String> CLASSES = List.of("cat", "dog", "horse");

  @TempDir static Path tmp;
  private static Path folder;
  private static Path scratchRun;
  private static Path scratchModel;

  /**
   * The exit code, what the command printed (picocli's out and System.out, where train prints) and
   * its errors.
   */
  private record Result(int exitCode, String out, String err) {}

  private static Result kflo(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      // Made after System.out is replaced: picocli's writer for the commands' output then writes to
      // the capture.
      CommandLine commandLine = KfloCommand.newCommandLine();
      StringWriter err = new StringWriter();
      commandLine.setErr(new PrintWriter(err));
      int code = commandLine.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(original);
    }
  }

  @BeforeAll
  static void trainAndExportOnTheFolder() {
    folder = ImageFolderFixture.write(tmp.resolve("pets"), CLASSES, 20, 7);
    ImageFolderFixture.writeDamagedImage(folder.resolve("dog/broken.png"));
    ImageFolderFixture.writeText(folder.resolve("horse/notes.txt"), "not an image");
    scratchRun = tmp.resolve("runs/scratch");
    Result train =
        kflo(
            "train",
            "--dataset",
            "folder:" + folder,
            "--arch",
            "cifar-quick",
            "--reparam",
            "plain",
            "--epochs",
            "1",
            "--batch",
            "16",
            "--out",
            scratchRun.toString());
    assertEquals(0, train.exitCode(), train.err());
    scratchModel = tmp.resolve("models/scratch");
    Result export =
        kflo("export", "--run", scratchRun.toString(), "--out", scratchModel.toString());
    assertEquals(0, export.exitCode(), export.err());
  }

  @Test
  void trainLearnsTheFolderAndValidatesOnAFifthOfEveryClass() throws IOException {
    assertEquals(CLASSES, Files.readAllLines(scratchRun.resolve("class-names.txt")));
    JsonObject config =
        JsonParser.parseString(Files.readString(scratchRun.resolve("config.json")))
            .getAsJsonObject()
            .getAsJsonObject("data");
    assertEquals("folder:" + folder, config.get("dataset").getAsString());
    assertEquals(0.2, config.get("validationFraction").getAsDouble(), 0.0);
    RunSummary summary = RunSummary.read(scratchRun.resolve("summary.json"));
    // 20 readable images per class (the damaged one skipped), 4 of each held out.
    assertEquals("48", summary.extras().get("trainImages"));
    assertEquals("validation", summary.extras().get("evaluation"));
  }

  @Test
  void theExportCarriesTheFoldersClassNames() {
    try (ExportedModel model = ExportedModel.load(scratchModel)) {
      assertEquals(CLASSES, model.metadata().classNames());
      assertEquals(3, model.metadata().numClasses());
      assertEquals("folder:" + folder, model.metadata().dataset());
      assertEquals(
          "synthetic (a folder data set has no test set)",
          model.metadata().verification().orElseThrow().imageSource());
    }
  }

  @Test
  void transferFineTunesOnAllOfTheFolderExportsAndVerifies() throws IOException {
    Path run = tmp.resolve("runs/transfer");
    Result transfer =
        kflo(
            "transfer",
            "--from",
            scratchModel.toString(),
            "--dataset",
            "folder:" + folder,
            "--epochs",
            "2",
            "--head-epochs",
            "1",
            "--batch",
            "16",
            "--out",
            run.toString());
    assertEquals(0, transfer.exitCode(), transfer.err());
    assertTrue(
        transfer.out().contains("exported and verified: " + run.resolve("model")), transfer.out());
    RunSummary summary = RunSummary.read(run.resolve("summary.json"));
    assertEquals(
        "48",
        summary.extras().get("trainImages"),
        "the whole folder (fraction 1), less the hold-out");
    assertEquals("kflo:2x1", summary.extras().get("reparam"));
    assertEquals(2, summary.epochsDone());
    assertEquals(
        new FineTuning(
            1,
            TransferJob.HEAD_LEARNING_RATE_DEFAULT,
            TransferJob.BACKBONE_MULTIPLIER_DEFAULT,
            0,
            true),
        TrainConfig.read(run.resolve("config.json")).schedule().fineTuning().orElseThrow());
    try (ExportedModel model = ExportedModel.load(run.resolve("model"))) {
      assertEquals(CLASSES, model.metadata().classNames());
      assertEquals(List.of(scratchModel.toString()), model.metadata().sourceModels());
    }
  }

  @Test
  void evalScoresEveryReadableImageOfTheFolder() throws IOException {
    Path out = tmp.resolve("eval");
    Result eval =
        kflo(
            "eval",
            "--model",
            scratchModel.toString(),
            "--dataset",
            "folder:" + folder,
            "--out",
            out.toString());
    assertEquals(0, eval.exitCode(), eval.err());
    assertTrue(
        eval.out().startsWith(scratchModel + " on the images in " + folder + ": 60 images: top-1 "),
        eval.out());
    assertTrue(eval.out().contains("per-class accuracy:\n  cat "), eval.out());
    JsonObject summary =
        JsonParser.parseString(Files.readString(out.resolve(EvaluationReport.SUMMARY)))
            .getAsJsonObject();
    assertEquals(60, summary.get("images").getAsInt());
    assertEquals("images in " + folder, summary.get("dataset").getAsString());
    List<String> perClass = Files.readAllLines(out.resolve(EvaluationReport.PER_CLASS));
    assertEquals(4, perClass.size());
    for (int c = 0; c < 3; c++) {
      assertTrue(
          perClass.get(c + 1).startsWith(c + "," + CLASSES.get(c) + ",20,"), perClass.get(c + 1));
    }
  }

  @Test
  void aFolderWithoutClassesIsOneErrorLineAndLeavesNoRun() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path run = tmp.resolve("runs/empty");
    Result train = kflo("train", "--dataset", "folder:" + empty, "--out", run.toString());
    assertEquals(1, train.exitCode());
    assertEquals(
        "kflo: error: "
            + empty
            + ": no class sub-folders; expected one sub-folder of PNG or JPEG images "
            + "per class, e.g. "
            + empty.resolve("cat/1.png")
            + "\n",
        train.err());
    assertTrue(Files.notExists(run), "nothing may be left at " + run);

    Result transfer =
        kflo(
            "transfer",
            "--from",
            scratchModel.toString(),
            "--dataset",
            "folder:" + empty,
            "--out",
            run.toString());
    assertEquals(1, transfer.exitCode());
    assertEquals(train.err(), transfer.err());
    assertTrue(Files.notExists(run), "nothing may be left at " + run);
  }

  @Test
  void aFolderNeedsAValidationHoldOut() {
    Result train =
        kflo(
            "train",
            "--dataset",
            "folder:" + folder,
            "--validation",
            "0",
            "--out",
            tmp.resolve("runs/no-validation").toString());
    assertEquals(1, train.exitCode());
    assertEquals(
        "kflo: error: --validation must be in (0, 1) for folder:"
            + folder
            + ", which has no test "
            + "set (default 0.2), got 0.0\n",
        train.err());
  }

  @Test
  void evalNamesTheDataSetsItAccepts() {
    Result eval = kflo("eval", "--model", scratchModel.toString(), "--dataset", "imagenet");
    assertEquals(2, eval.exitCode());
    assertTrue(
        eval.err()
            .contains(
                "Invalid value for option '--dataset': unknown data set 'imagenet': expected "
                    + "cifar10, cifar100 or folder:PATH"),
        eval.err());
  }

  @Test
  void evalRefusesAFolderOfOtherClasses() {
    Path other =
        ImageFolderFixture.write(tmp.resolve("other"), List.of("cat", "dog", "wolf"), 1, 3);
    Result eval = kflo("eval", "--model", scratchModel.toString(), "--dataset", "folder:" + other);
    assertEquals(1, eval.exitCode());
    assertEquals(
        "kflo: error: the images' classes [cat, dog, wolf] are not the model's [cat, dog, horse]\n",
        eval.err());
  }
}
