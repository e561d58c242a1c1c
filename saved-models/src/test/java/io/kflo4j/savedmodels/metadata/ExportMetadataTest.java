package io.kflo4j.savedmodels.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.batch.Normalization;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ExportMetadataTest {

  private static ExportMetadata full() {
    return new ExportMetadata(
        "wrn-16-8",
        3,
        List.of("cat", "dog", "ship"),
        "cifar100",
        "kflo:2x4",
        true,
        Normalization.of(new float[] {0.49f, 0.48f, 0.45f}, new float[] {0.25f, 0.24f, 0.26f}),
        OptionalDouble.of(0.7123),
        Optional.of("/runs/wrn"),
        List.of("/models/a", "/models/b"),
        Instant.parse("2025-01-02T03:04:05.678Z"),
        Optional.of(new ExportMetadata.Verification(1000, "cifar100 test set", 3.5e-6)));
  }

  @Test
  void roundTripsEveryField() {
    ExportMetadata metadata = full();
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
        new ExportMetadata(
            "cifar-quick",
            2,
            List.of("a", "b"),
            "cifar10",
            "plain",
            false,
            null,
            null,
            null,
            null,
            null,
            null);
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
    String json = full().toJson();
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
    String json = full().toJson().replace("\"formatVersion\": 1", "\"formatVersion\": 2");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExportMetadata.fromJson(json));
    assertEquals(
        "unsupported metadata format version 2 (this kflo4j reads version 1)", e.getMessage());
  }

  @Test
  void namesAMissingKey() {
    String json = full().toJson().replace("\"dataset\"", "\"datasetx\"");
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
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ExportMetadata.fromJson(
                    full().toJson().replace("\"numClasses\": 3", "\"numClasses\": 4")));
    assertEquals(
        "invalid export metadata: classNames has 3 names for numClasses 4", e.getMessage());
    assertEquals(
        "invalid export metadata: architecture is required; numClasses must be >= 2, got 0;"
            + " classNames is required; dataset is required; parameterization is required",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new ExportMetadata(
                        null, 0, null, " ", null, false, null, null, null, null, null, null))
            .getMessage());
  }
}
