package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.testing.ImageFolderFixture;
import io.kflo4j.savedmodels.testing.PlantedOps;
import io.kflo4j.savedmodels.testing.TestImages;
import io.kflo4j.training.testing.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time-of-check, time-of-use attack on eval, predict and verify: a writer swaps {@code
 * saved_model.pb} for a planted one (a {@code WriteFile} as main op and in the inference path)
 * right after kflo4j checked it. The commands run the graph they checked, and the planted op never
 * runs.
 */
class SwappedModelCommandTest {
  @TempDir static Path tmp;

  private static Path run;
  private static Path model;
  private static Path folder;
  private static Path image;
  private static Path victim;
  private static byte[] plantedPb;

  @BeforeAll
  static void trainExportAndPlant() throws IOException {
    folder = ImageFolderFixture.write(tmp.resolve("pets"), List.of("cat", "dog"), 8, 3);
    run = tmp.resolve("run");
    CommandRunner.Run train = CommandRunner.run(CommandRunner.trainOnFolder(folder, run));
    assertEquals(0, train.exitCode(), train.err());
    model = tmp.resolve("model");
    CommandRunner.Run export =
        CommandRunner.run("export", "--run", run.toString(), "--out", model.toString());
    assertEquals(0, export.exitCode(), export.err());
    victim = tmp.resolve("victim.txt");
    Path planted = FileTrees.copy(model, tmp.resolve("planted"));
    PlantedOps.asMainOp(planted, victim);
    PlantedOps.addInput(planted, "logits", "^" + PlantedOps.NODE);
    plantedPb = Files.readAllBytes(planted.resolve("saved_model.pb"));
    image = TestImages.png(tmp.resolve("cat.png"), 32, 32);
  }

  /**
   * Runs {@code kflo args} (where {@code MODEL} stands for a fresh copy of the model) with the
   * planted file swapped in after each check; expects exit 0, a swap, and no planted write.
   */
  private static CommandRunner.Run swappedAfterEachCheck(String name, String... args)
      throws Exception {
    Path copy = FileTrees.copy(model, tmp.resolve(name));
    String[] resolved = args.clone();
    for (int i = 0; i < resolved.length; i++) {
      resolved[i] = resolved[i].replace("MODEL", copy.toString());
    }
    List<Path> swapped = new ArrayList<>();
    CommandRunner.Run result;
    try (AutoCloseable hook = PlantedOps.swapAfterEachCheck(plantedPb, swapped)) {
      result = CommandRunner.run(resolved);
    }
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(List.of(copy), swapped, "the file was swapped once, after the check");
    assertArrayEquals(plantedPb, Files.readAllBytes(copy.resolve("saved_model.pb")));
    assertFalse(Files.exists(victim), "the swapped-in op ran");
    return result;
  }

  @Test
  void evalRunsTheCheckedGraph() throws Exception {
    CommandRunner.Run eval =
        swappedAfterEachCheck(
            "eval",
            "eval",
            "--model",
            "MODEL",
            "--dataset",
            "folder:" + folder,
            "--out",
            tmp.resolve("eval-report").toString());
    assertTrue(eval.out().contains("top-1"), eval.out());
  }

  @Test
  void predictRunsTheCheckedGraph() throws Exception {
    CommandRunner.Run predict =
        swappedAfterEachCheck("predict", "predict", "--model", "MODEL", image.toString());
    assertTrue(predict.out().startsWith(image + ":"), predict.out());
  }

  @Test
  void verifyRunsTheCheckedGraph() throws Exception {
    CommandRunner.Run verify =
        swappedAfterEachCheck("verify", "verify", "--model", "MODEL", "--run", run.toString());
    assertTrue(verify.out().contains("verification passed"), verify.out());
  }
}
