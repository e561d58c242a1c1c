package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kflo4j.datasets.testing.ImageFolderFixture;
import io.kflo4j.savedmodels.testing.SmallModels;
import io.kflo4j.savedmodels.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad option values of train, transfer and predict: one line that names the option the user typed
 * (not the configuration's field) and what was expected, exit status 1, and nothing written.
 */
class OptionErrorsCommandTest {
  @TempDir static Path shared;
  private static Path folder;

  @TempDir Path tmp;

  @BeforeAll
  static void folder() {
    folder = ImageFolderFixture.write(shared.resolve("pets"), List.of("cat", "dog"), 8, 5);
  }

  private String error(String... args) throws IOException {
    CommandRunner.Run run = CommandRunner.run(args);
    assertEquals(1, run.exitCode(), run.err());
    List<String> lines = run.err().lines().toList();
    assertEquals(1, lines.size(), run.err());
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(List.of(), files.toList(), "something was left behind");
    }
    return lines.get(0);
  }

  private String train(String... options) throws IOException {
    return error(
        CommandRunner.args(CommandRunner.trainOnFolder(folder, tmp.resolve("run")), options));
  }

  @Test
  void configurationErrorsNameTheOptions() throws IOException {
    assertEquals("kflo: error: --lr must be finite and > 0, got -1.0", train("--lr", "-1"));
    assertEquals(
        "kflo: error: --wd must be finite and >= 0, got -1.0; --momentum must be in [0, 1), got"
            + " 1.5",
        train("--wd", "-1", "--momentum", "1.5"));
    assertEquals("kflo: error: --fraction must be in (0, 1], got 2.0", train("--fraction", "2"));
    assertEquals(
        "kflo: error: --warmup-epochs must be in [0, epochs - 1] = [0, 0], got 3",
        train("--warmup-epochs", "3"));
  }

  @Test
  void aFractionThatKeepsNothingIsNamedAndLeavesNoRunDirectory() throws IOException {
    assertEquals(
        "kflo: error: --fraction 1.0E-9 keeps no training image of class 'cat' (of its 8): keep"
            + " at least one of each class (a fraction of at least 0.13)",
        train("--fraction", "1e-9"));
  }

  @Test
  void aParameterizationThatFitsNoLayerIsRefusedBeforeTheRunDirectoryIsMade() throws IOException {
    String message = train("--reparam", "repeat:5");
    assertEquals(
        "kflo: error: --reparam repeat:5 fits no kernel layer of cifar-quick (layers conv1 3 in,"
            + " conv2 32 in, conv3 32 in, fc1 576 in, fc2 64 in): every layer would train plain;"
            + " choose a parameterization that fits",
        message);
  }

  @Test
  void freezingTheClassifierLeavesNoTrainLog() throws IOException {
    assertEquals(
        "kflo: error: --freeze-layers 99 would freeze the classifier of cifar-quick/plain/2"
            + " classes: it has 5 kernel layers, the last being the classifier (freeze at most 4)",
        error(
            CommandRunner.args(
                CommandRunner.transferToFolder(folder, tmp.resolve("transfer")),
                "--epochs",
                "3",
                "--batch",
                "8",
                "--freeze-layers",
                "99")));
  }

  @Test
  void aResumeRefusesOptionsItWouldIgnore() throws IOException {
    assertEquals(
        "kflo: error: --resume continues the run with the configuration recorded in its"
            + " config.json: --epochs, --lr cannot be given with it (train into a new --out to"
            + " change them)",
        error(
            "train",
            "--resume",
            "--out",
            tmp.resolve("run").toString(),
            "--epochs",
            "20",
            "--lr",
            "0.01"));
  }

  @Test
  void predictNamesWhatIsNotAnImageAndRefusesTopZero() throws IOException {
    String model = SmallModels.shared().toString();
    Path image = TestImages.png(shared.resolve("cat.png"), 32, 32);
    assertEquals(
        "kflo: error: --top must be >= 1 (the classes shown per image), got 0",
        error("predict", "--model", model, "--top", "0", image.toString()));
    assertEquals(
        "kflo: error: cannot read image " + folder + ": it is a directory, not an image file",
        error("predict", "--model", model, folder.toString()));
    assertEquals(
        "kflo: error: cannot read image /dev/null: it is not a regular file (a device, pipe or"
            + " socket)",
        error("predict", "--model", model, "/dev/null"));
    assertFalse(Files.exists(tmp.resolve("run")));
  }
}
