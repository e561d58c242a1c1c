package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.savedmodels.testing.PlantedOps;
import io.kflo4j.savedmodels.testing.SmallModels;
import io.kflo4j.savedmodels.testing.TestImages;
import io.kflo4j.training.testing.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * eval, predict and verify refuse a model with a planted op before it runs; --trust-model runs it.
 */
class UntrustedModelCommandTest {
  @TempDir static Path shared;

  private static Path planted;
  private static Path victim;
  private static Path image;

  @BeforeAll
  static void plant() throws IOException {
    planted = FileTrees.copy(SmallModels.shared(), shared.resolve("planted"));
    victim = shared.resolve("victim.txt");
    PlantedOps.asMainOp(planted, victim);
    image = TestImages.png(shared.resolve("cat.png"), 32, 32);
  }

  private static String refusal() {
    return "kflo: error: refusing to run SavedModel "
        + planted
        + ": node 'planted_write' is a WriteFile op, not "
        + "one of the plain-inference ops kflo4j exports";
  }

  @Test
  void evalRefusesIt() {
    CommandRunner.Run eval =
        CommandRunner.run(
            "eval",
            "--model",
            planted.toString(),
            "--dataset",
            "cifar10",
            "--data-dir",
            shared.resolve("no-data").toString());
    assertEquals(1, eval.exitCode());
    assertEquals(
        refusal() + " (--trust-model runs the model's code anyway: only for models you trust)",
        eval.err().strip());
    assertFalse(Files.exists(victim), "the planted op ran");
  }

  @Test
  void predictRefusesItAndRunsItWhenTrusted() throws IOException {
    CommandRunner.Run predict =
        CommandRunner.run("predict", "--model", planted.toString(), image.toString());
    assertEquals(1, predict.exitCode());
    assertEquals(
        refusal() + " (--trust-model runs the model's code anyway: only for models you trust)",
        predict.err().strip());
    assertFalse(Files.exists(victim), "the planted op ran");

    Path copy = FileTrees.copy(planted, shared.resolve("trusted"));
    CommandRunner.Run trusted =
        CommandRunner.run("predict", "--trust-model", "--model", copy.toString(), image.toString());
    assertEquals(0, trusted.exitCode(), trusted.err());
    assertTrue(trusted.out().startsWith(image + ":"), trusted.out());
    assertEquals(
        PlantedOps.CONTENT, Files.readString(victim), "--trust-model runs the model's code");
    Files.delete(victim);
  }

  @Test
  void verifyRefusesIt() {
    CommandRunner.Run verify =
        CommandRunner.run(
            "verify", "--model", planted.toString(), "--run", shared.resolve("run").toString());
    assertEquals(1, verify.exitCode());
    assertEquals(refusal(), verify.err().strip());
    assertFalse(Files.exists(victim), "the planted op ran");
  }
}
