package io.kflo4j.savedmodels.metadata;

import io.kflo4j.common.json.Json;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.savedmodels.metadata.ExportMetadata.Verification;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@link ExportMetadata}'s JSON form: one object with camelCase keys, in this order; {@code
 * formatVersion} is {@value ExportMetadata#FORMAT_VERSION}. A reader refuses any other version (a
 * newer exporter may have changed the meaning of a key) and ignores keys it does not know. {@code
 * architectureArguments} and {@code input} are written for people and other tools; on reading,
 * {@code architecture} and {@code numClasses} are authoritative.
 */
final class MetadataJson {
  private static final Input INPUT =
      new Input("images", "uint8", "[N, 32, 32, 3]", "NHWC, RGB, raw pixels 0..255");

  private MetadataJson() {}

  /** The input tensor, as described to people. */
  private record Input(String name, String dtype, String shape, String layout) {}

  private record Statistics(float[] mean, float[] std) {}

  private record Form(
      String format,
      Integer formatVersion,
      String architecture,
      Map<String, Integer> architectureArguments,
      Integer numClasses,
      List<String> classNames,
      String dataset,
      String parameterization,
      Boolean batchNormFolded,
      Statistics normalization,
      Input input,
      Double testAccuracy,
      String sourceRun,
      List<String> sourceModels,
      String exportedAt,
      Verification verification) {}

  static String write(ExportMetadata m) {
    return Json.write(
        new Form(
            ExportMetadata.FORMAT_NAME,
            ExportMetadata.FORMAT_VERSION,
            m.architecture(),
            m.architectureArguments(),
            m.numClasses(),
            m.classNames(),
            m.dataset(),
            m.parameterization(),
            m.batchNormFolded(),
            new Statistics(m.normalization().mean(), m.normalization().std()),
            INPUT,
            m.testAccuracy().isPresent() ? m.testAccuracy().getAsDouble() : null,
            m.sourceRun().orElse(null),
            m.sourceModels(),
            m.exportedAt().toString(),
            m.verification().orElse(null)));
  }

  static ExportMetadata read(String json) {
    Form f = Json.read(json, Form.class, "metadata JSON");
    if (f.formatVersion() == null) {
      throw new IllegalArgumentException("metadata has no formatVersion");
    }
    if (f.formatVersion() != ExportMetadata.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "unsupported metadata format version "
              + f.formatVersion()
              + " (this kflo4j reads version "
              + ExportMetadata.FORMAT_VERSION
              + ")");
    }
    try {
      Statistics statistics = required(f.normalization(), "normalization");
      return new ExportMetadata(
          required(f.architecture(), "architecture"),
          required(f.numClasses(), "numClasses"),
          required(f.classNames(), "classNames"),
          required(f.dataset(), "dataset"),
          required(f.parameterization(), "parameterization"),
          required(f.batchNormFolded(), "batchNormFolded"),
          Normalization.of(
              required(statistics.mean(), "normalization.mean"),
              required(statistics.std(), "normalization.std")),
          f.testAccuracy() == null ? OptionalDouble.empty() : OptionalDouble.of(f.testAccuracy()),
          Optional.ofNullable(f.sourceRun()),
          f.sourceModels(),
          f.exportedAt() == null ? null : Instant.parse(f.exportedAt()),
          Optional.ofNullable(f.verification()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("malformed metadata: " + e.getMessage(), e);
    }
  }

  private static <T> T required(T value, String key) {
    if (value == null) {
      throw new IllegalArgumentException("metadata has no '" + key + "'");
    }
    return value;
  }
}
