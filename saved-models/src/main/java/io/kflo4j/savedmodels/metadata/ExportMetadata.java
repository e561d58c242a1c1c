package io.kflo4j.savedmodels.metadata;

import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.arch.Architectures;
import io.kflo4j.graph.reparam.PlainParameterization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What an exported model is, stored as the SavedModel asset {@code assets/kflo4j.json} (see
 * docs/EXPORT.md; its JSON form is {@link MetadataJson}).
 *
 * @param architecture the architecture spec, e.g. {@code cifar-quick} or {@code wrn-16-8}
 * @param numClasses the classifier's outputs, >= 2
 * @param classNames the class names, index = class
 * @param dataset the data set the model was trained on, e.g. {@code cifar10}
 * @param parameterization the training parameterization, e.g. {@code kflo:2x4} (the exported graph
 *     is always plain)
 * @param batchNormFolded whether batch norms were folded into the kernels ({@code --fold-bn})
 * @param normalization the input normalization built into the graph
 * @param testAccuracy top-1 test accuracy (a fraction) at export, when known
 * @param sourceRun the training run the model was exported from, when there was one
 * @param sourceModels for transferred models, the models the weights came from; empty otherwise
 * @param exportedAt when the export was made
 * @param verification the equivalence check made at export, once made
 */
public record ExportMetadata(
    String architecture,
    int numClasses,
    List<String> classNames,
    String dataset,
    String parameterization,
    boolean batchNormFolded,
    Normalization normalization,
    OptionalDouble testAccuracy,
    Optional<String> sourceRun,
    List<String> sourceModels,
    Instant exportedAt,
    Optional<Verification> verification) {

  /** The version of the JSON layout this class writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** The metadata's file name in the SavedModel's {@code assets} directory. */
  public static final String ASSET_FILE = "kflo4j.json";

  /** The value of the {@code format} key, identifying the file. */
  public static final String FORMAT_NAME = "kflo4j-saved-model";

  /**
   * The equivalence check made at export.
   *
   * @param images how many images were compared
   * @param imageSource where they came from, e.g. {@code cifar10 test set} or {@code synthetic}
   * @param maxAbsLogitDifference the largest absolute logit difference from the training graph
   */
  public record Verification(int images, String imageSource, double maxAbsLogitDifference) {}

  /**
   * Validates every field, naming each problem. Null optional fields take their defaults: standard
   * normalization, no accuracy, run, source models or verification, exported now.
   *
   * @throws IllegalArgumentException listing every missing or invalid field
   */
  public ExportMetadata {
    List<String> problems = new ArrayList<>();
    if (architecture == null || architecture.isBlank()) {
      problems.add("architecture is required");
    }
    if (numClasses < 2) {
      problems.add("numClasses must be >= 2, got " + numClasses);
    }
    if (classNames == null) {
      problems.add("classNames is required");
    } else if (classNames.size() != numClasses) {
      problems.add("classNames has " + classNames.size() + " names for numClasses " + numClasses);
    }
    if (dataset == null || dataset.isBlank()) {
      problems.add("dataset is required");
    }
    if (parameterization == null || parameterization.isBlank()) {
      problems.add("parameterization is required");
    }
    double accuracy = testAccuracy == null ? 0 : testAccuracy.orElse(0);
    if (!(accuracy >= 0 && accuracy <= 1)) {
      problems.add("testAccuracy must be a fraction in [0, 1], got " + accuracy);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid export metadata: " + String.join("; ", problems));
    }
    classNames = List.copyOf(classNames);
    normalization = Objects.requireNonNullElse(normalization, Normalization.standard());
    testAccuracy = Objects.requireNonNullElse(testAccuracy, OptionalDouble.empty());
    sourceRun = Objects.requireNonNullElse(sourceRun, Optional.empty());
    sourceModels = sourceModels == null ? List.of() : List.copyOf(sourceModels);
    exportedAt = Objects.requireNonNullElseGet(exportedAt, Instant::now);
    verification = Objects.requireNonNullElse(verification, Optional.empty());
  }

  /** The exported graph's spec: the architecture with the plain parameterization. */
  public ModelSpec plainSpec() {
    return ModelSpec.of(architecture, numClasses, PlainParameterization.SPEC);
  }

  /**
   * The architecture's arguments besides the class count ({@code depth} and {@code widenFactor} for
   * WRN and DiracNet), as the graph module reads the spec.
   */
  public Map<String, Integer> architectureArguments() {
    return Architectures.parse(architecture).arguments();
  }

  /** This metadata as pretty-printed JSON. */
  public String toJson() {
    return MetadataJson.write(this);
  }

  /**
   * Parses metadata written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException if the JSON is malformed, is not kflo4j metadata, has another
   *     {@code formatVersion}, or lacks a required key (the message names it)
   */
  public static ExportMetadata fromJson(String json) {
    return MetadataJson.read(json);
  }

  @Override
  public String toString() {
    return architecture
        + " ("
        + numClasses
        + " classes, "
        + dataset
        + ", trained "
        + parameterization
        + (batchNormFolded ? ", BN folded" : "")
        + ")";
  }
}
