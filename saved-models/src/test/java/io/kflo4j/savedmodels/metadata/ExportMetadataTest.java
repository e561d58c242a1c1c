package io.kflo4j.savedmodels.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.batch.Normalization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ExportMetadataTest {

  private static ExportMetadata.Builder full() {
    return ExportMetadata.builder()
        .setArchitecture("wrn-16-8")
        .setNumClasses(3)
        .setClassNames(List.of("cat", "dog", "ship"))
        .setDataset("cifar100")
        .setParameterization("kflo:2x4")
        .optBatchNormFolded(true)
        .optNormalization(
            Normalization.of(new float[] {0.49f, 0.48f, 0.45f}, new float[] {0.25f, 0.24f, 0.26f}))
        .optTestAccuracy(0.7123)
        .optSourceRun("/runs/wrn")
        .optSourceModels(List.of("/models/a", "/models/b"))
        .optExportedAt(Instant.parse("2025-01-02T03:04:05.678Z"))
        .optVerification(new ExportMetadata.Verification(1000, "cifar100 test set", 3.5e-6));
  }

  @Test
  void roundTripsEveryField() {
    ExportMetadata metadata = full().build();
    ExportMetadata back = ExportMetadata.fromJson(metadata.toJson());
    assertEquals(metadata, back);
    assertEquals(List.of("/models/a", "/models/b"), back.sourceModels());
    assertEquals(OptionalDouble.of(0.7123), back.testAccuracy());
    assertEquals(Map.of("depth", 16, "widenFactor", 8), back.architectureArguments());
    assertEquals("wrn-16-8/plain/3 classes", back.plainSpec().toString());
  }

  @Test
  void roundTripsAbsentOptionalFields() {
    ExportMetadata metadata =
        ExportMetadata.builder()
            .setArchitecture("cifar-quick")
            .setNumClasses(2)
            .setClassNames(List.of("a", "b"))
            .setDataset("cifar10")
            .setParameterization("plain")
            .build();
    String json = metadata.toJson();
    assertTrue(json.contains("\"testAccuracy\": null"), json);
    assertTrue(json.contains("\"sourceRun\": null"), json);
    ExportMetadata back = ExportMetadata.fromJson(json);
    assertEquals(metadata, back);
    assertEquals(OptionalDouble.empty(), back.testAccuracy());
    assertEquals(List.of(), back.sourceModels());
    assertArrayEquals(Normalization.standard().mean(), back.normalization().mean());
    assertArrayEquals(Normalization.standard().std(), back.normalization().std());
    assertEquals(Map.of(), back.architectureArguments());
  }

  @Test
  void writesTheDocumentedKeys() {
    String json = full().build().toJson();
    for (String key :
        List.of(
            "\"format\": \"kflo4j-saved-model\"",
            "\"formatVersion\": 1",
            "\"architecture\": \"wrn-16-8\"",
            "\"depth\": 16",
            "\"numClasses\": 3",
            "\"dataset\": \"cifar100\"",
            "\"parameterization\": \"kflo:2x4\"",
            "\"batchNormFolded\": true",
            "\"testAccuracy\": 0.7123",
            "\"sourceRun\": \"/runs/wrn\"",
            "\"exportedAt\": \"2025-01-02T03:04:05.678Z\"",
            "\"images\": 1000")) {
      assertTrue(json.contains(key), key + " missing in " + json);
    }
  }

  @Test
  void refusesAnotherFormatVersion() {
    String json = full().build().toJson().replace("\"formatVersion\": 1", "\"formatVersion\": 2");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExportMetadata.fromJson(json));
    assertEquals(
        "unsupported metadata format version 2 (this kflo4j reads version 1)", e.getMessage());
  }

  @Test
  void namesAMissingKey() {
    String json = full().build().toJson().replace("\"dataset\"", "\"datasetx\"");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExportMetadata.fromJson(json));
    assertEquals("metadata has no 'dataset'", e.getMessage());
  }

  @Test
  void refusesMalformedJsonAndInconsistentClasses() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ExportMetadata.fromJson("{ nope"))
            .getMessage()
            .startsWith("malformed metadata JSON"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> full().setNumClasses(4).build());
    assertEquals(
        "invalid export metadata: classNames has 3 names for numClasses 4", e.getMessage());
  }
}
