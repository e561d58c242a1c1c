package io.kflo4j.transfer.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.savedmodels.ExportReport;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.ModelVerifier;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.testing.PlantedOps;
import io.kflo4j.savedmodels.trust.UntrustedModelException;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.Trainer;
import io.kflo4j.training.loop.TrainingData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export and verification from real run directories written by the trainer (EMA weights included).
 */
class RunExportsTest {
  @TempDir static Path runs;

  @TempDir Path tmp;

  private static Path train(String name, String arch, long seed) throws IOException {
    TrainConfig config =
        TrainConfig.builder()
            .data(d -> d.dataset("cifar10"))
            .model(m -> m.arch(arch).reparam("kflo:2x4"))
            .schedule(s -> s.epochs(1))
            .run(r -> r.seed(seed).outDir(runs).runName(name).threads(1))
            .optimizer(o -> o.batchSize(32).learningRate(0.05).ema(0.9))
            .build();
    new Trainer(
            config,
            new TrainingData(
                ImageSet.random(96, 10, seed), ImageSet.random(32, 10, seed + 1), "test"),
            ProgressReporters.none())
        .run(false);
    return runs.resolve(name);
  }

  /** The run exported to {@code target}, verified on 512 images of {@code dataDir}, silently. */
  private static RunExport export(Path run, Path target, Path dataDir) {
    return RunExport.of(run, target)
        .withDataDir(Optional.of(dataDir))
        .withVerificationImages(512)
        .withProgress(ProgressReporters.none());
  }

  @BeforeAll
  static void trainRuns() throws IOException {
    train("quick", "cifar-quick", 17);
    train("quick2", "cifar-quick", 18);
    train("wrn", "wrn-10-1", 19);
  }

  @Test
  void exportsAndVerifiesARun() {
    Path noData = tmp.resolve("no-data");
    for (boolean fold : new boolean[] {false, true}) {
      Path target = tmp.resolve(fold ? "folded" : "plain");
      ExportReport report =
          RunExports.export(export(runs.resolve("quick"), target, noData).withFoldBatchNorm(fold));
      assertTrue(report.equivalence().passed(), report.equivalence().toString());
      assertTrue(
          report
              .equivalence()
              .imageSource()
              .startsWith("synthetic (CIFAR-10 is not in the data directory"),
          report.equivalence().imageSource());
      try (ExportedModel model = ExportedModel.load(target)) {
        assertEquals("kflo:2x4", model.metadata().parameterization());
        assertEquals(runs.resolve("quick").toString(), model.metadata().sourceRun().orElseThrow());
        assertTrue(model.metadata().testAccuracy().isPresent());
        assertEquals(fold, model.metadata().batchNormFolded());
      }
      ModelVerifier.Report verified =
          RunExports.verify(target, runs.resolve("quick"), noData, 512, ProgressReporters.none());
      assertTrue(verified.passed(), verified.equivalence().toString());
      assertEquals(report.content(), verified.content());
    }
  }

  @Test
  void verificationAgainstAnotherRunFails() {
    Path target = tmp.resolve("model");
    RunExports.export(export(runs.resolve("quick"), target, tmp).withFoldBatchNorm(true));
    ModelVerifier.Report other =
        RunExports.verify(target, runs.resolve("quick2"), tmp, 512, ProgressReporters.none());
    assertFalse(other.passed());
    assertTrue(other.equivalence().maxAbsDifference() > 1e-4);

    SavedModelException e =
        assertThrows(
            SavedModelException.class,
            () ->
                RunExports.verify(target, runs.resolve("wrn"), tmp, 512, ProgressReporters.none()));
    assertEquals(
        target + " is a cifar-quick with 10 classes; the reference is a wrn-10-1 with 10 classes",
        e.getMessage());
  }

  @Test
  void verificationRefusesAPlantedOpBeforeRunningAnything() {
    Path target = tmp.resolve("model");
    RunExports.export(export(runs.resolve("quick"), target, tmp));
    Path victim = tmp.resolve("victim.txt");
    PlantedOps.asMainOp(target, victim);
    UntrustedModelException e =
        assertThrows(
            UntrustedModelException.class,
            () ->
                RunExports.verify(
                    target, runs.resolve("quick"), tmp, 512, ProgressReporters.none()));
    assertEquals(
        "refusing to run SavedModel "
            + target
            + ": node 'planted_write' is a WriteFile op, not one of "
            + "the plain-inference ops kflo4j exports",
        e.getMessage());
    assertFalse(java.nio.file.Files.exists(victim), "the planted op ran");
  }
}
