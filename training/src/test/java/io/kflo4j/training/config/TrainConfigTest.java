package io.kflo4j.training.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {

  @TempDir Path dir;

  private static TrainConfig.Builder minimal() {
    return TrainConfig.builder()
        .setDataset("cifar10")
        .setArch("cifar-quick")
        .setReparam("kflo:2x4")
        .setEpochs(150)
        .setSeed(7)
        .setOutDir(Path.of("runs"))
        .setRunName("quick-kflo");
  }

  private static TrainConfig full() {
    return TrainConfig.builder()
        .setDataset("cifar100")
        .setArch("wrn-16-8")
        .setReparam("plain")
        .setEpochs(200)
        .setSeed(-1234567890123456789L)
        .setOutDir(Path.of("/tmp/out dir/runs"))
        .setRunName("wrn_16.8-a")
        .optFraction(0.4)
        .optValidationFraction(0.1)
        .optLearningRate(0.05)
        .optBatchSize(64)
        .optWeightDecay(5e-4)
        .optMomentum(0.95)
        .optNesterov(true)
        .optEma(0.999)
        .optSchedule("step:60,120,160:0.2")
        .optWarmupEpochs(5)
        .optThreads(8)
        .optDataDir(Path.of("data/cifar"))
        .build();
  }

  @Test
  void defaultsAreTheReferenceRecipe() {
    TrainConfig c = minimal().build();
    assertEquals(1.0, c.fraction(), 0.0);
    assertEquals(0.0, c.validationFraction(), 0.0);
    assertEquals(0.1, c.learningRate(), 0.0);
    assertEquals(128, c.batchSize());
    assertEquals(1e-4, c.weightDecay(), 0.0);
    assertEquals(0.9, c.momentum(), 0.0);
    assertFalse(c.nesterov());
    assertEquals(OptionalDouble.empty(), c.ema());
    assertEquals("cosine", c.schedule());
    assertEquals(0, c.warmupEpochs());
    assertEquals(0, c.threads());
    assertEquals(Optional.empty(), c.dataDir());
    assertEquals(
        new io.kflo4j.datasets.DatasetSpec.Cifar(io.kflo4j.datasets.CifarVariant.CIFAR10),
        c.datasetSpec());
    assertEquals(Path.of("runs/quick-kflo"), c.runPath());
    assertEquals(TrainConfig.LEARNING_RATE_DEFAULT, c.learningRate(), 0.0);
  }

  @Test
  void jsonRoundTripIsExact() {
    for (TrainConfig c : new TrainConfig[] {minimal().build(), full()}) {
      TrainConfig back = TrainConfig.fromJson(c.toJson());
      assertEquals(c, back);
      assertEquals(c.hashCode(), back.hashCode());
      assertEquals(c.toJson(), back.toJson());
    }
    assertEquals(-1234567890123456789L, TrainConfig.fromJson(full().toJson()).seed());
  }

  @Test
  void jsonUsesStableFieldNames() {
    String json = full().toJson();
    for (String key :
        new String[] {
          "\"formatVersion\": 1",
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
          "\"dataDir\": \"data/cifar\"",
          "\"outDir\": \"/tmp/out dir/runs\"",
          "\"runName\": \"wrn_16.8-a\""
        }) {
      assertTrue(json.contains(key), key + " in " + json);
    }
    assertFalse(minimal().build().toJson().contains("\"ema\""), "absent EMA is not written");
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
    assertEquals(128, c.batchSize());
    assertEquals("cosine", c.schedule());
  }

  @Test
  void fromJsonRejectsUnknownKeysBadVersionsAndMalformedText() {
    String unknown = minimal().build().toJson().replace("\"batchSize\"", "\"batchsize\"");
    assertEquals(
        "configuration JSON has unknown keys [batchsize]; known keys: [formatVersion, dataset, arch,"
            + " reparam, epochs, seed, fraction, validationFraction, learningRate, batchSize, weightDecay, momentum,"
            + " nesterov, ema, fineTuning, schedule, warmupEpochs, threads, dataDir, outDir, runName]",
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson(unknown))
            .getMessage());
    String v2 = minimal().build().toJson().replace("\"formatVersion\": 1", "\"formatVersion\": 2");
    assertEquals(
        "configuration formatVersion 2 is not supported (this version reads 1)",
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson(v2)).getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> TrainConfig.fromJson("{\"epochs\": \"many\"}"))
            .getMessage()
            .startsWith("malformed configuration JSON: "));
    assertEquals(
        "configuration JSON must be an object, got []",
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

  @Test
  void missingRequiredSettingsAreAllReported() {
    assertEquals(
        "dataset is required (setDataset); arch is required (setArch); reparam is required"
            + " (setReparam); epochs is required (setEpochs); seed is required (setSeed); outDir is required"
            + " (setOutDir); runName is required (setRunName)",
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().build())
            .getMessage());
  }

  @Test
  void validationMessagesNameTheFieldAndTheValue() {
    assertError(
        "unknown data set 'mnist': expected cifar10, cifar100 or folder:PATH",
        b -> b.setDataset("mnist"));
    assertError("arch must not be blank, got ' '", b -> b.setArch(" "));
    assertError("reparam must not be blank, got ''", b -> b.setReparam(""));
    assertError("epochs must be >= 1, got 0", b -> b.setEpochs(0));
    assertError(
        "runName must be a plain directory name (letters, digits, '.', '_', '-', starting with a letter"
            + " or digit), got '../x'",
        b -> b.setRunName("../x"));
    assertError("fraction must be in (0, 1], got 0.0", b -> b.optFraction(0));
    assertError("fraction must be in (0, 1], got 1.5", b -> b.optFraction(1.5));
    assertError("fraction must be in (0, 1], got NaN", b -> b.optFraction(Double.NaN));
    assertError("validationFraction must be in [0, 1), got 1.0", b -> b.optValidationFraction(1));
    assertError("learningRate must be finite and > 0, got -0.1", b -> b.optLearningRate(-0.1));
    assertError(
        "learningRate must be finite and > 0, got Infinity",
        b -> b.optLearningRate(Double.POSITIVE_INFINITY));
    assertError("batchSize must be >= 1, got 0", b -> b.optBatchSize(0));
    assertError("weightDecay must be finite and >= 0, got -1.0E-4", b -> b.optWeightDecay(-1e-4));
    assertError("momentum must be in [0, 1), got 1.0", b -> b.optMomentum(1));
    assertError("ema must be in (0, 1), got 1.0", b -> b.optEma(1.0));
    assertError("threads must be >= 0, got -1", b -> b.optThreads(-1));
    assertError(
        "warmupEpochs must be in [0, epochs - 1] = [0, 149], got 150", b -> b.optWarmupEpochs(150));
    assertError(
        "warmupEpochs must be in [0, epochs - 1] = [0, 149], got -1", b -> b.optWarmupEpochs(-1));
    assertError(
        "schedule: invalid learning-rate schedule 'linear': unknown schedule, expected 'cosine',"
            + " 'constant' or 'step:M1,M2,...:GAMMA' (e.g. 'step:80,120:0.1')",
        b -> b.optSchedule("linear"));
    assertError(
        "schedule: invalid learning-rate schedule 'step:80,160:0.1': milestone 160 must be an epoch in"
            + " [1, 149] (epochs = 150)",
        b -> b.optSchedule("step:80,160:0.1"));
    assertError(
        "batchSize must be >= 1, got 0; momentum must be in [0, 1), got -0.5",
        b -> b.optBatchSize(0).optMomentum(-0.5));
  }

  @Test
  void aFolderDataSetIsStoredAbsoluteAndHoldsOutAFifthByDefault() {
    TrainConfig c = minimal().setDataset("folder:pets/../my-pets").build();
    Path absolute = Path.of("my-pets").toAbsolutePath();
    assertEquals("folder:" + absolute, c.dataset());
    assertEquals(new io.kflo4j.datasets.DatasetSpec.Folder(absolute), c.datasetSpec());
    assertEquals(TrainConfig.FOLDER_VALIDATION_FRACTION_DEFAULT, c.validationFraction(), 0.0);
    assertEquals(0.2, TrainConfig.FOLDER_VALIDATION_FRACTION_DEFAULT, 0.0);
    assertEquals(
        0.3,
        minimal().setDataset("folder:pets").optValidationFraction(0.3).build().validationFraction(),
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
        b -> b.setDataset("folder:pets").optValidationFraction(0));
    assertError(
        "data set 'folder:' names no folder: expected folder:PATH", b -> b.setDataset("folder:"));
  }

  @Test
  void toBuilderDerivesVariants() {
    TrainConfig c = full();
    assertEquals(c, c.toBuilder().build());
    TrainConfig noEma = c.toBuilder().optEma(OptionalDouble.empty()).build();
    assertNotEquals(c, noEma);
    assertEquals(OptionalDouble.empty(), noEma.ema());
    assertEquals(Optional.empty(), c.toBuilder().optDataDir(null).build().dataDir());
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
            () -> minimal().setArch("resnet").setReparam("kflo:1x2").build());
    assertEquals(
        "unknown architecture 'resnet': expected cifar-quick, vgg16, wrn-D-K (D = 6N+4, e.g. wrn-16-8) or"
            + " diracnet-D-K (the WRN layout without skips, e.g. diracnet-16-2); bad parameterization 'kflo:1x2': KFLO depth B must be >= 2, got 1",
        e.getMessage());
  }
}
