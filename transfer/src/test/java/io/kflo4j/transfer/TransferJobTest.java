package io.kflo4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.testing.PlantedOps;
import io.kflo4j.training.Training;
import io.kflo4j.training.checkpoint.TrainedModel;
import io.kflo4j.training.config.Distillation;
import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.TrainingData;
import io.kflo4j.training.loop.WeightInitializer;
import io.kflo4j.training.metrics.EpochMetrics;
import io.kflo4j.training.metrics.MetricsLog;
import io.kflo4j.transfer.init.Stacking;
import io.kflo4j.transfer.run.RunExport;
import io.kflo4j.transfer.run.RunExports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kflo transfer} end to end on synthetic data: two pretrained sources into kflo:2x2, ending
 * in a verified SavedModel.
 */
@Tag("slow")
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
    List<Path> sources = pretrainSources(2);
    Path m1 = sources.get(0);
    Path m2 = sources.get(1);
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

  /**
   * {@code --cascade-lr-scale auto:0} freezes the cascade of a {@code first} stacking: kflo:2x4
   * from four sources fine-tunes exactly as plain transfer from the first (without weight decay,
   * which the reference puts on W' at twice the plain rate); at the reference cascade rate it does
   * not.
   */
  @Test
  void betaZeroReproducesPlainTransferFromTheFirstSource() throws Exception {
    List<Path> sources = pretrainSources(4);
    TrainingData target =
        new TrainingData(ImageSet.random(96, 10, 5), ImageSet.random(48, 10, 6), "test");
    FineTuning recipe = new FineTuning(1, 0.05, 1.0, 0, true);
    Map<String, List<EpochMetrics>> metrics = new java.util.LinkedHashMap<>();
    Map<String, Map<String, float[]>> weights = new java.util.LinkedHashMap<>();
    for (String[] run :
        new String[][] {
          {"plain", "plain", "1"}, {"beta0", "kflo:2x4", "auto:0"}, {"ref", "kflo:2x4", "1"}
        }) {
      TrainConfig config =
          config("cifar10", run[0], run[1], 7)
              .schedule(sc -> sc.epochs(3).fineTuning(recipe))
              .optimizer(o -> o.batchSize(32).learningRate(0.05).weightDecay(0).cascadeRate(run[2]))
              .build();
      List<Path> from = run[1].equals("plain") ? sources.subList(0, 1) : sources;
      TransferJob.TransferResult result =
          TransferJob.run(from, config, Stacking.FIRST, c -> target);
      metrics.put(run[0], MetricsLog.read(result.run().resolve("metrics.csv")));
      try (TrainedModel trained = TrainedModel.open(result.run())) {
        weights.put(run[0], trained.deployedValues());
      }
    }
    for (int e = 0; e < 3; e++) {
      EpochMetrics plain = metrics.get("plain").get(e);
      EpochMetrics beta0 = metrics.get("beta0").get(e);
      assertEquals(plain.trainLoss(), beta0.trainLoss(), 1e-5, "epoch " + (e + 1) + " loss");
      assertEquals(plain.testTop1(), beta0.testTop1(), 1e-9, "epoch " + (e + 1) + " top-1");
    }
    float referenceDifference = 0;
    for (Map.Entry<String, float[]> entry : weights.get("plain").entrySet()) {
      float[] beta0 = weights.get("beta0").get(entry.getKey());
      float[] reference = weights.get("ref").get(entry.getKey());
      for (int i = 0; i < beta0.length; i++) {
        assertEquals(entry.getValue()[i], beta0[i], 1e-5f, entry.getKey() + "[" + i + "]");
        referenceDifference =
            Math.max(referenceDifference, Math.abs(entry.getValue()[i] - reference[i]));
      }
    }
    assertTrue(
        referenceDifference > 1e-3,
        "at the reference cascade rate the KFLO run must differ, max difference "
            + referenceDifference);
  }

  /**
   * Distillation: the teachers' variables are read (never their graphs), the run records them and
   * resumes with them; teachers of other classes are refused before anything is written.
   */
  @Test
  void distillsFromTeachersAndRefusesTeachersOfOtherClasses() throws Exception {
    List<Path> sources = pretrainSources(2);
    Path m1 = sources.get(0);
    Path m2 = sources.get(1);
    Path victim = root.resolve("victim.txt");
    PlantedOps.asMainOp(m2, victim);
    TrainingData target =
        new TrainingData(ImageSet.random(96, 10, 5), ImageSet.random(48, 10, 6), "test");
    Distillation distillation = new Distillation(List.of(m1, m2), 0.8, 4);
    TrainConfig distilled =
        config("cifar10", "distilled", "plain", 7)
            .schedule(sc -> sc.epochs(2))
            .optimizer(o -> o.distillation(distillation))
            .build();
    TrainConfig undistilled =
        config("cifar10", "undistilled", "plain", 7).schedule(sc -> sc.epochs(2)).build();
    TransferJob.TransferResult result =
        TransferJob.run(List.of(m1), distilled, Stacking.FIRST, c -> target);
    TransferJob.TransferResult control =
        TransferJob.run(List.of(m1), undistilled, Stacking.FIRST, c -> target);
    assertTrue(Files.notExists(victim), "the op planted in a teacher ran");
    assertEquals(
        Optional.of(distillation),
        TrainConfig.read(result.run().resolve("config.json")).optimizer().distillation());
    double distilledLoss = MetricsLog.read(result.run().resolve("metrics.csv")).get(0).trainLoss();
    double plainLoss = MetricsLog.read(control.run().resolve("metrics.csv")).get(0).trainLoss();
    assertTrue(
        Math.abs(distilledLoss - plainLoss) > 1e-3,
        "distillation must change the loss: " + distilledLoss + " vs " + plainLoss);

    // --distill-from sources: each source fine-tuned on the target first, beside the run.
    TrainConfig fromSources =
        config("cifar10", "from-sources", "kflo:2x2", 7)
            .schedule(sc -> sc.epochs(1))
            .optimizer(o -> o.distillation(new Distillation(List.of(), true, 0.8, 4)))
            .build();
    TransferJob.run(List.of(m1, m2), fromSources, Stacking.FIRST, c -> target);
    for (String teacher : List.of("m1", "m2")) {
      Path model = root.resolve("runs/from-sources-teachers").resolve(teacher).resolve("model");
      try (ExportedModel exported = ExportedModel.load(model)) {
        assertEquals("plain", exported.metadata().parameterization());
        assertEquals(10, exported.metadata().numClasses());
      }
    }
    assertEquals(
        "--distill-from sources takes no teacher directories",
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new Distillation(List.of(m1), true, 0.8, 4))
            .getMessage());

    TrainingData cifar100 =
        new TrainingData(ImageSet.random(200, 100, 3), ImageSet.random(100, 100, 4), "test");
    TrainConfig wrongClasses =
        config("cifar100", "wrong-classes", "plain", 7)
            .optimizer(o -> o.distillation(distillation))
            .build();
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> TransferJob.run(List.of(m1), wrongClasses, Stacking.FIRST, c -> cifar100));
    assertEquals(
        "teacher "
            + m1
            + " classifies 10 classes, the run has 100: a teacher must know the target's classes"
            + " (fine-tune it on the target first: kflo transfer --from SOURCE --reparam plain)",
        e.getMessage());
    assertTrue(Files.notExists(wrongClasses.runPath()), "nothing may be left");
  }

  /**
   * {@code best-first}: a source pretrained for 4 epochs on the target's own images fits them
   * better than one trained an epoch on other images; given second, it is probed and stacked first.
   */
  @Test
  void bestFirstStacksTheSourceWhoseProbeFitsTheTargetBestFirst() throws Exception {
    TrainingData target =
        new TrainingData(ImageSet.random(96, 10, 5), ImageSet.random(48, 10, 6), "test");
    Path good = fittedTo(target);
    Path other = pretrainSources(1).get(0);
    TrainConfig run =
        config("cifar10", "best-first", "kflo:2x2", 7)
            .schedule(sc -> sc.epochs(2).fineTuning(new FineTuning(1, 0.05, 1.0, 0, true)))
            .build();
    TransferJob.TransferResult result =
        TransferJob.run(List.of(other, good), run, Stacking.BEST_FIRST, c -> target);
    List<String> ranking = Files.readAllLines(result.run().resolve(TransferJob.RANKING_FILE));
    assertEquals(2, ranking.size());
    assertTrue(
        ranking.get(0).startsWith(good.toAbsolutePath().normalize() + " probe loss "),
        ranking.toString());
    double first = Double.parseDouble(ranking.get(0).split(" ")[3]);
    double second = Double.parseDouble(ranking.get(1).split(" ")[3]);
    assertTrue(first < second, ranking.toString());
    assertEquals(
        List.of(
            good.toAbsolutePath().normalize().toString(),
            other.toAbsolutePath().normalize().toString()),
        Files.readAllLines(result.run().resolve(TransferJob.SOURCES_FILE)));
  }

  /**
   * {@code best} (the default): the same probes, and only the source ranked first starts the
   * network, here a plain one, which no other stacking lets several sources start.
   */
  @Test
  void bestStartsAPlainTargetFromTheSourceWhoseProbeFitsTheTargetBest() throws Exception {
    TrainingData target =
        new TrainingData(ImageSet.random(96, 10, 5), ImageSet.random(48, 10, 6), "test");
    Path good = fittedTo(target);
    Path other = pretrainSources(1).get(0);
    TrainConfig run =
        config("cifar10", "best", "plain", 7)
            .schedule(sc -> sc.epochs(2).fineTuning(new FineTuning(1, 0.05, 1.0, 0, true)))
            .build();
    assertEquals(Stacking.BEST, TransferJob.STACKING_DEFAULT);
    TransferJob.TransferResult result =
        TransferJob.run(List.of(other, good), run, TransferJob.STACKING_DEFAULT, c -> target);
    List<String> ranking = Files.readAllLines(result.run().resolve(TransferJob.RANKING_FILE));
    assertEquals(2, ranking.size());
    assertTrue(
        ranking.get(0).startsWith(good.toAbsolutePath().normalize() + " probe loss "),
        ranking.toString());
    assertEquals(
        List.of(good.toAbsolutePath().normalize().toString()),
        Files.readAllLines(result.run().resolve(TransferJob.SOURCES_FILE)));
    assertEquals(
        List.of("best"), Files.readAllLines(result.run().resolve(TransferJob.STACKING_FILE)));
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

  /** A plain cifar-quick trained 4 epochs on {@code target}'s own images, exported. */
  private Path fittedTo(TrainingData target) throws Exception {
    TrainConfig fitted =
        config("cifar10", "fitted", "plain", 21)
            .schedule(sc -> sc.epochs(4))
            .optimizer(o -> o.batchSize(32).learningRate(0.05))
            .build();
    Training.ensureTrained(fitted, WeightInitializer.fromSeed(), c -> target, List.of());
    return exported(fitted);
  }

  /** Sources m1..mN: plain cifar-quick, one epoch on 64 random 10-class images, seeds 11.. */
  private List<Path> pretrainSources(int count) throws Exception {
    TrainingData cifar10 =
        new TrainingData(ImageSet.random(64, 10, 1), ImageSet.random(32, 10, 2), "test");
    List<Path> sources = new java.util.ArrayList<>();
    for (int m = 1; m <= count; m++) {
      sources.add(pretrain("m" + m, 10 + m, cifar10));
    }
    return sources;
  }

  private Path pretrain(String name, long seed, TrainingData data) throws Exception {
    TrainConfig config = config("cifar10", name, "plain", seed).build();
    Training.ensureTrained(config, WeightInitializer.fromSeed(), c -> data, List.of());
    return exported(config);
  }

  /** The run's model, exported into it and verified on synthetic images. */
  private Path exported(TrainConfig config) throws Exception {
    return RunExports.ensureExported(
        RunExport.intoRun(config.runPath()).withDataDir(Optional.of(root.resolve("no-data"))));
  }
}
