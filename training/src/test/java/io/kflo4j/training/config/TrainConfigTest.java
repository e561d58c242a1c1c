package io.kflo4j.training.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {

  @TempDir Path dir;

  private static TrainConfig.Builder minimal() {
    return TrainConfig.builder()
        .data(d -> d.dataset("cifar10"))
        .model(m -> m.arch("cifar-quick").reparam("kflo:2x4"))
        .schedule(s -> s.epochs(150))
        .run(r -> r.seed(7).outDir(Path.of("runs")).runName("quick-kflo"));
  }

  private static TrainConfig full() {
    return TrainConfig.builder()
        .data(
            d ->
                d.dataset("cifar100")
                    .fraction(0.4)
                    .validationFraction(0.1)
                    .dataDir(Path.of("data/cifar")))
        .model(m -> m.arch("wrn-16-8").reparam("plain"))
        .schedule(s -> s.epochs(200).schedule("step:60,120,160:0.2").warmupEpochs(5))
        .run(
            r ->
                r.seed(-1234567890123456789L)
                    .outDir(Path.of("/tmp/out dir/runs"))
                    .runName("wrn_16.8-a")
                    .threads(8)
                    .histogramEvery(10))
        .optimizer(
            o ->
                o.learningRate(0.05)
                    .batchSize(64)
                    .weightDecay(5e-4)
                    .momentum(0.95)
                    .nesterov(true)
                    .ema(0.999))
        .build();
  }

  @Test
  void defaultsAreTheReferenceRecipe() {
    TrainConfig c = minimal().build();
    assertEquals(1.0, c.data().fraction(), 0.0);
    assertEquals(0.0, c.data().validationFraction(), 0.0);
    assertEquals(0.1, c.optimizer().learningRate(), 0.0);
    assertEquals(128, c.optimizer().batchSize());
    assertEquals(1e-4, c.optimizer().weightDecay(), 0.0);
    assertEquals(0.9, c.optimizer().momentum(), 0.0);
    assertFalse(c.optimizer().nesterov());
    assertEquals(OptionalDouble.empty(), c.optimizer().ema());
    assertEquals("cosine", c.schedule().schedule());
    assertEquals(0, c.schedule().warmupEpochs());
    assertEquals(0, c.run().threads());
    assertEquals(0, c.run().histogramEvery());
    assertEquals(Optional.empty(), c.data().dataDir());
    assertEquals(
        new io.kflo4j.datasets.DatasetSpec.Cifar(io.kflo4j.datasets.core.CifarVariant.CIFAR10),
        c.data().datasetSpec());
    assertEquals(Path.of("runs/quick-kflo"), c.runPath());
    assertEquals(OptimizerSettings.LEARNING_RATE_DEFAULT, c.optimizer().learningRate(), 0.0);
  }

  @Test
  void histogramsAreChartedEveryNEpochsAndAfterTheLast() {
    RunSettings every3 = minimal().run(r -> r.histogramEvery(3)).build().run();
    assertEquals(
        List.of(3, 6, 9, 10),
        IntStream.rangeClosed(1, 10).filter(e -> every3.chartsHistograms(e, 10)).boxed().toList());
    RunSettings never = minimal().build().run();
    assertEquals(
        0, IntStream.rangeClosed(1, 10).filter(e -> never.chartsHistograms(e, 10)).count());
  }

  @Test
  void jsonRoundTripIsExact() {
    for (TrainConfig c : new TrainConfig[] {minimal().build(), full()}) {
      TrainConfig back = TrainConfig.fromJson(c.toJson());
      assertEquals(c, back);
      assertEquals(c.hashCode(), back.hashCode());
      assertEquals(c.toJson(), back.toJson());
    }
    assertEquals(-1234567890123456789L, TrainConfig.fromJson(full().toJson()).run().seed());
  }

  @Test
  void jsonUsesStableFieldNames() {
    String json = full().toJson();
    for (String key :
        new String[] {
          "\"formatVersion\": 2",
          "\"dataset\": \"cifar100\"",
          "\"arch\": \"wrn-16-8\"",
          "\"reparam\": \"plain\"",
          "\"epochs\": 200",
          "\"seed\": -1234567890123456789",
          "\"fraction\": 0.4",
          "\"validationFraction\": 0.1",
          "\"learningRate\": 0.05",
          "\"batchSize\": 64",
          "\"weightDecay\": 5.0E-4",
          "\"momentum\": 0.95",
          "\"nesterov\": true",
          "\"ema\": 0.999",
          "\"schedule\": \"step:60,120,160:0.2\"",
          "\"warmupEpochs\": 5",
          "\"threads\": 8",
          "\"histogramEvery\": 10",
          "\"dataDir\": \"data/cifar\"",
          "\"outDir\": \"/tmp/out dir/runs\"",
          "\"runName\": \"wrn_16.8-a\""
        }) {
      assertTrue(json.contains(key), key + " in " + json);
    }
    assertTrue(
        minimal().build().toJson().contains("\"ema\": null"), "absent EMA is written as null");
    assertTrue(
        json.startsWith(
            "{\n  \"formatVersion\": 2,\n  \"data\": {\n    \"dataset\": \"cifar100\",\n"),
        json);
    for (String group : new String[] {"data", "model", "optimizer", "schedule", "run"}) {
      assertTrue(json.contains("\n  \"" + group + "\": {\n"), group + " in " + json);
    }
  }

  @Test
  void writeAndReadAFile() throws IOException {
    Path file = dir.resolve("config.json");
    full().write(file);
    assertEquals(full(), TrainConfig.read(file));
  }

  @Test
  void missingOptionalKeysTakeDefaults() {
    TrainConfig c =
        TrainConfig.fromJson(
            "{\"dataset\":\"cifar10\",\"arch\":\"vgg16\",\"reparam\":\"plain\","
                + "\"epochs\":400,\"seed\":1,\"outDir\":\"runs\",\"runName\":\"v\"}");
    assertEquals(128, c.optimizer().batchSize());
    assertEquals("cosine", c.schedule().schedule());
  }

  @Test
  void fromJsonRejectsUnknownKeysBadVersionsAndMalformedText() {
    String unknown = minimal().build().toJson().replace("\"batchSize\"", "\"batchsize\"");
    assertEquals(
        "configuration JSON group 'optimizer' has unknown keys [batchsize]; known keys: [batchSize,"
            + " cascadeRate, distillation, ema, learningRate, momentum, nesterov, weightDecay]",
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson(unknown))
            .getMessage());
    String v3 = minimal().build().toJson().replace("\"formatVersion\": 2", "\"formatVersion\": 3");
    assertEquals(
        "configuration formatVersion 3 is not supported (this version reads 1 and 2)",
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson(v3)).getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfig.fromJson("{\"epochs\": \"many\"}"))
            .getMessage()
            .startsWith("malformed configuration JSON: "));
    assertEquals(
        "configuration JSON must be a JSON object, got []",
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson("[]"))
            .getMessage());
    assertEquals(
        "epochs must be >= 1, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    TrainConfig.fromJson(
                        minimal().build().toJson().replace("\"epochs\": 150", "\"epochs\": 0")))
            .getMessage());
  }

  /** A config.json as kflo4j wrote it before the groups (format version 1: every field flat). */
  static final String VERSION_1 =
      """
      {
        "formatVersion": 1,
        "dataset": "cifar100",
        "arch": "wrn-16-8",
        "reparam": "plain",
        "epochs": 200,
        "seed": -1234567890123456789,
        "fraction": 0.4,
        "validationFraction": 0.1,
        "learningRate": 0.05,
        "batchSize": 64,
        "weightDecay": 5.0E-4,
        "momentum": 0.95,
        "nesterov": true,
        "ema": 0.999,
        "schedule": "step:60,120,160:0.2",
        "warmupEpochs": 5,
        "threads": 8,
        "dataDir": "data/cifar",
        "outDir": "/tmp/out dir/runs",
        "runName": "wrn_16.8-a"
      }
      """;

  @Test
  void versionOneFilesAreStillRead() {
    // Version 1 predates weight histograms: they are off.
    TrainConfig versionOne = full().toBuilder().run(r -> r.histogramEvery(0)).build();
    assertEquals(versionOne, TrainConfig.fromJson(VERSION_1));
    assertEquals(versionOne, TrainConfig.fromJson(VERSION_1.replace("\"formatVersion\": 1,", "")));
    TrainConfig fineTuned =
        TrainConfig.fromJson(
            VERSION_1.replace(
                "\"warmupEpochs\": 5,",
                "\"warmupEpochs\": 5, \"fineTuning\": {\"headEpochs\": 2, \"headLearningRate\": 0.1,"
                    + " \"backboneMultiplier\": 0.25, \"frozenLayers\": 1, \"reestimateBatchNorm\": true},"));
    assertEquals(
        versionOne.toBuilder()
            .schedule(s -> s.fineTuning(new FineTuning(2, 0.1, 0.25, 1, true)))
            .build(),
        fineTuned);
    assertEquals(
        "configuration JSON has unknown keys [batchsize]; known keys: [arch, batchSize, cascadeRate,"
            + " data, dataDir, dataset, distillation, ema, epochs, fineTuning, formatVersion, fraction,"
            + " histogramEvery, learningRate, model, momentum, nesterov, optimizer, outDir, reparam, run,"
            + " runName, schedule, seed, stepRatioEvery, threads, validationFraction, warmupEpochs,"
            + " weightDecay]",
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfig.fromJson(VERSION_1.replace("\"batchSize\"", "\"batchsize\"")))
            .getMessage());
  }

  @Test
  void missingRequiredSettingsAreAllReported() {
    assertEquals(
        "dataset is required; arch is required; reparam is required; epochs is required; seed is"
            + " required; outDir is required; runName is required",
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().build())
            .getMessage());
  }

  @Test
  void validationMessagesNameTheFieldAndTheValue() {
    assertError(
        "unknown data set 'mnist': expected cifar10, cifar100 or folder:PATH",
        b -> b.data(d -> d.dataset("mnist")));
    assertError("arch must not be blank, got ' '", b -> b.model(m -> m.arch(" ")));
    assertError("reparam must not be blank, got ''", b -> b.model(m -> m.reparam("")));
    assertError("epochs must be >= 1, got 0", b -> b.schedule(s -> s.epochs(0)));
    assertError(
        "runName must be a plain directory name (letters, digits, '.', '_', '-', starting with a letter"
            + " or digit), got '../x'",
        b -> b.run(r -> r.runName("../x")));
    assertError("fraction must be in (0, 1], got 0.0", b -> b.data(d -> d.fraction(0)));
    assertError("fraction must be in (0, 1], got 1.5", b -> b.data(d -> d.fraction(1.5)));
    assertError("fraction must be in (0, 1], got NaN", b -> b.data(d -> d.fraction(Double.NaN)));
    assertError(
        "validationFraction must be in [0, 1), got 1.0",
        b -> b.data(d -> d.validationFraction(1.0)));
    assertError(
        "learningRate must be finite and > 0, got -0.1",
        b -> b.optimizer(o -> o.learningRate(-0.1)));
    assertError(
        "learningRate must be finite and > 0, got Infinity",
        b -> b.optimizer(o -> o.learningRate(Double.POSITIVE_INFINITY)));
    assertError("batchSize must be >= 1, got 0", b -> b.optimizer(o -> o.batchSize(0)));
    assertError(
        "weightDecay must be finite and >= 0, got -1.0E-4",
        b -> b.optimizer(o -> o.weightDecay(-1e-4)));
    assertError("momentum must be in [0, 1), got 1.0", b -> b.optimizer(o -> o.momentum(1)));
    assertError("ema must be in (0, 1), got 1.0", b -> b.optimizer(o -> o.ema(1.0)));
    assertError("threads must be >= 0, got -1", b -> b.run(r -> r.threads(-1)));
    assertError(
        "histogramEvery must be >= 0 (0: no weight histograms), got -2",
        b -> b.run(r -> r.histogramEvery(-2)));
    assertError(
        "warmupEpochs must be in [0, epochs - 1] = [0, 149], got 150",
        b -> b.schedule(s -> s.warmupEpochs(150)));
    assertError(
        "warmupEpochs must be in [0, epochs - 1] = [0, 149], got -1",
        b -> b.schedule(s -> s.warmupEpochs(-1)));
    assertError(
        "schedule: invalid learning-rate schedule 'linear': unknown schedule, expected 'cosine',"
            + " 'constant' or 'step:M1,M2,...:GAMMA' (e.g. 'step:80,120:0.1')",
        b -> b.schedule(s -> s.schedule("linear")));
    assertError(
        "schedule: invalid learning-rate schedule 'step:80,160:0.1': milestone 160 must be an epoch in"
            + " [1, 149] (epochs = 150)",
        b -> b.schedule(s -> s.schedule("step:80,160:0.1")));
    assertError(
        "batchSize must be >= 1, got 0; momentum must be in [0, 1), got -0.5",
        b -> b.optimizer(o -> o.batchSize(0).momentum(-0.5)));
  }

  @Test
  void aFolderDataSetIsStoredAbsoluteAndHoldsOutAFifthByDefault() {
    TrainConfig c = minimal().data(d -> d.dataset("folder:pets/../my-pets")).build();
    Path absolute = Path.of("my-pets").toAbsolutePath();
    assertEquals("folder:" + absolute, c.data().dataset());
    assertEquals(new io.kflo4j.datasets.DatasetSpec.Folder(absolute), c.data().datasetSpec());
    assertEquals(
        DataSettings.FOLDER_VALIDATION_FRACTION_DEFAULT, c.data().validationFraction(), 0.0);
    assertEquals(0.2, DataSettings.FOLDER_VALIDATION_FRACTION_DEFAULT, 0.0);
    assertEquals(
        0.3,
        minimal()
            .data(d -> d.dataset("folder:pets").validationFraction(0.3))
            .build()
            .data()
            .validationFraction(),
        0.0);
    assertEquals(c, TrainConfig.fromJson(c.toJson()));
    assertTrue(c.toJson().contains("\"dataset\": \"folder:" + absolute + "\""), c.toJson());
  }

  @Test
  void aFolderDataSetHasNoTestSetSoItNeedsAValidationHoldOut() {
    Path absolute = Path.of("pets").toAbsolutePath();
    assertError(
        "validationFraction must be in (0, 1) for folder:"
            + absolute
            + ", which has no test set (default "
            + "0.2), got 0.0",
        b -> b.data(d -> d.dataset("folder:pets").validationFraction(0.0)));
    assertError(
        "data set 'folder:' names no folder: expected folder:PATH",
        b -> b.data(d -> d.dataset("folder:")));
  }

  @Test
  void toBuilderDerivesVariants() {
    TrainConfig c = full();
    assertEquals(c, c.toBuilder().build());
    TrainConfig noEma = c.toBuilder().optimizer(o -> o.ema(null)).build();
    assertNotEquals(c, noEma);
    assertEquals(OptionalDouble.empty(), noEma.optimizer().ema());
    assertEquals(
        Optional.empty(), c.toBuilder().data(d -> d.dataDir(null)).build().data().dataDir());
  }

  private static void assertError(String expected, UnaryOperator<TrainConfig.Builder> change) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> change.apply(minimal()).build());
    assertEquals(expected, e.getMessage());
  }

  @Test
  void unknownArchitectureAndParameterizationAreRejectedBeforeAnythingRuns() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> minimal().model(m -> m.arch("resnet").reparam("kflo:1x2")).build());
    assertEquals(
        "unknown architecture 'resnet': expected cifar-quick, vgg16, wrn-D-K (D = 6N+4, e.g. wrn-16-8) or"
            + " diracnet-D-K (the WRN layout without skips, e.g. diracnet-16-2); bad parameterization 'kflo:1x2': KFLO depth B must be >= 2, got 1",
        e.getMessage());
  }
}
