package io.kflo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.ImageSet;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.testing.PlantedOps;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.TrainingData;
import io.kflo4j.training.loop.WeightInitializer;
import io.kflo4j.transfer.init.Stacking;
import io.kflo4j.transfer.run.RunSteps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kflo transfer} end to end on synthetic data: two pretrained sources into kflo:2x2, ending
 * in a verified SavedModel.
 */
class TransferJobTest {
  @TempDir Path root;

  private TrainConfig.Builder config(String dataset, String name, String reparam, long seed) {
    return TrainConfig.builder()
        .data(d -> d.dataset(dataset).dataDir(root.resolve("no-data")))
        .model(m -> m.arch("cifar-quick").reparam(reparam))
        .schedule(s -> s.epochs(1))
        .run(r -> r.seed(seed).outDir(root.resolve("runs")).runName(name))
        .optimizer(o -> o.batchSize(32));
  }

  @Test
  void transfersTwoSourcesIntoAVerifiedSavedModel() throws Exception {
    TrainingData cifar10 =
        new TrainingData(ImageSet.random(64, 10, 1), ImageSet.random(32, 10, 2), "test");
    Path m1 = pretrain("m1", 11, cifar10);
    Path m2 = pretrain("m2", 12, cifar10);
    // Someone planted a file write into m2's main op and inference path: transfer reads variables
    // only.
    Path victim = root.resolve("victim.txt");
    PlantedOps.asMainOp(m2, victim);
    PlantedOps.addInput(m2, "logits", "^" + PlantedOps.NODE);

    TrainingData cifar100 =
        new TrainingData(ImageSet.random(200, 100, 3), ImageSet.random(100, 100, 4), "test");
    TrainConfig target =
        config("cifar100", "kflo-transfer", "kflo:2x2", 5)
            .optimizer(o -> o.learningRate(0.01))
            .build();
    TransferJob.TransferResult result =
        TransferJob.run(List.of(m1, m2), target, Stacking.AVERAGE, c -> cifar100);

    assertEquals(1, result.summary().epochsDone());
    assertTrue(Double.isFinite(result.summary().finalTop1()));
    assertTrue(Files.notExists(victim), "the op planted in a source ran");
    try (ExportedModel model = ExportedModel.load(result.model())) {
      assertEquals("kflo:2x2", model.metadata().parameterization());
      assertEquals(100, model.metadata().numClasses());
      assertEquals(
          List.of(
              m1.toAbsolutePath().normalize().toString(),
              m2.toAbsolutePath().normalize().toString()),
          model.metadata().sourceModels());
      double maxDiff = model.metadata().verification().orElseThrow().maxAbsLogitDifference();
      assertTrue(maxDiff <= 1e-4, "export differs by " + maxDiff);
      // Only the plain architecture's variables: 5 kernels, 2 dense biases, 3 x 4 batch-norm
      // variables.
      assertEquals(5 + 2 + 12, model.variableShapes().size());
      assertTrue(model.variableShapes().keySet().stream().noneMatch(n -> n.contains("kflo")));
    }
    assertEquals(2, Files.readAllLines(result.run().resolve(TransferJob.SOURCES_FILE)).size());
    assertEquals(
        List.of("average"), Files.readAllLines(result.run().resolve(TransferJob.STACKING_FILE)));

    // A target too narrow for the sources is refused before anything is written.
    TrainConfig narrow = config("cifar100", "too-narrow", "kflo:2x1", 5).build();
    assertEquals(
        "kflo width R = 1 cannot hold 2 source models: use kflo:Bx2 or wider",
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> TransferJob.run(List.of(m1, m2), narrow, Stacking.FIRST, c -> cifar100))
            .getMessage());
    assertTrue(Files.notExists(narrow.runPath()), "nothing may be left at " + narrow.runPath());

    // A second call finds everything done and changes nothing.
    long modified = Files.getLastModifiedTime(result.model().resolve("saved_model.pb")).toMillis();
    TransferJob.TransferResult again =
        TransferJob.run(List.of(m1, m2), target, Stacking.AVERAGE, c -> cifar100);
    assertEquals(result.summary().finalTop1(), again.summary().finalTop1());
    assertEquals(
        modified, Files.getLastModifiedTime(again.model().resolve("saved_model.pb")).toMillis());
  }

  @Test
  void aFolderTargetDefaultsToAllItsImagesACifarTargetToTheFraction() {
    assertEquals(
        1.0,
        TransferJob.defaultFraction(io.kflo4j.datasets.DatasetSpec.parse("folder:" + root)),
        0.0);
    assertEquals(
        0.4, TransferJob.defaultFraction(io.kflo4j.datasets.DatasetSpec.parse("cifar100")), 0.0);
  }

  private Path pretrain(String name, long seed, TrainingData data) throws Exception {
    TrainConfig config = config("cifar10", name, "plain", seed).build();
    RunSteps.ensureTrained(config, WeightInitializer.fromSeed(), c -> data);
    return RunSteps.ensureExported(
        config.runPath(), Optional.of(root.resolve("no-data")), List.of());
  }
}
