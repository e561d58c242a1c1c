package io.kflo4j.savedmodels.metadata;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.reparam.PlainParameterization;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an exported model is, stored as the SavedModel asset {@code assets/kflo4j.json} (see
 * docs/EXPORT.md).
 *
 * <p>JSON: one object with camelCase keys; {@code formatVersion} is {@value #FORMAT_VERSION}. A
 * reader refuses any other version (a newer exporter may have changed the meaning of a key). {@code
 * architectureArguments} and {@code input} are written for people and other tools; on reading,
 * {@code architecture} and {@code numClasses} are authoritative.
 */
public final class ExportMetadata {
  /** The version of the JSON layout this class writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** The metadata's file name in the SavedModel's {@code assets} directory. */
  public static final String ASSET_FILE = "kflo4j.json";

  /** The value of the {@code format} key, identifying the file. */
  public static final String FORMAT_NAME = "kflo4j-saved-model";

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
  private static final Pattern WRN = Pattern.compile("wrn-(\\d+)-(\\d+)");

  private final String architecture;
  private final int numClasses;
  private final List<String> classNames;
  private final String dataset;
  private final String parameterization;
  private final boolean batchNormFolded;
  private final Normalization normalization;
  private final OptionalDouble testAccuracy;
  private final Optional<String> sourceRun;
  private final List<String> sourceModels;
  private final Instant exportedAt;
  private final Optional<Verification> verification;

  /**
   * The equivalence check made at export.
   *
   * @param images how many images were compared
   * @param imageSource where they came from, e.g. {@code cifar10 test set} or {@code synthetic}
   * @param maxAbsLogitDifference the largest absolute logit difference from the training graph
   */
  public record Verification(int images, String imageSource, double maxAbsLogitDifference) {}

  private ExportMetadata(Builder b) {
    this.architecture = b.architecture;
    this.numClasses = b.numClasses;
    this.classNames = List.copyOf(b.classNames);
    this.dataset = b.dataset;
    this.parameterization = b.parameterization;
    this.batchNormFolded = b.batchNormFolded;
    this.normalization = b.normalization;
    this.testAccuracy = b.testAccuracy;
    this.sourceRun = Optional.ofNullable(b.sourceRun);
    this.sourceModels = List.copyOf(b.sourceModels);
    this.exportedAt = b.exportedAt;
    this.verification = Optional.ofNullable(b.verification);
  }

  /** A builder with no required setting set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this metadata's settings. */
  public Builder toBuilder() {
    Builder b =
        builder()
            .setArchitecture(architecture)
            .setNumClasses(numClasses)
            .setClassNames(classNames)
            .setDataset(dataset)
            .setParameterization(parameterization)
            .optBatchNormFolded(batchNormFolded)
            .optNormalization(normalization)
            .optTestAccuracy(testAccuracy)
            .optSourceModels(sourceModels)
            .optExportedAt(exportedAt);
    sourceRun.ifPresent(b::optSourceRun);
    verification.ifPresent(b::optVerification);
    return b;
  }

  /** The architecture spec, e.g. {@code cifar-quick} or {@code wrn-16-8}. */
  public String architecture() {
    return architecture;
  }

  /** The classifier's outputs. */
  public int numClasses() {
    return numClasses;
  }

  /** Class names, index = class. */
  public List<String> classNames() {
    return classNames;
  }

  /** The data set the model was trained on, e.g. {@code cifar10}. */
  public String dataset() {
    return dataset;
  }

  /** The training parameterization, e.g. {@code kflo:2x4} (the exported graph is always plain). */
  public String parameterization() {
    return parameterization;
  }

  /** Whether batch norms were folded into the kernels ({@code --fold-bn}). */
  public boolean batchNormFolded() {
    return batchNormFolded;
  }

  /** The input normalization built into the graph. */
  public Normalization normalization() {
    return normalization;
  }

  /** Top-1 test accuracy (a fraction) at export, when known. */
  public OptionalDouble testAccuracy() {
    return testAccuracy;
  }

  /** The training run the model was exported from, when there was one. */
  public Optional<String> sourceRun() {
    return sourceRun;
  }

  /** For transferred models, the models the weights came from; empty otherwise. */
  public List<String> sourceModels() {
    return sourceModels;
  }

  /** When the export was made. */
  public Instant exportedAt() {
    return exportedAt;
  }

  /** The equivalence check made at export, once made. */
  public Optional<Verification> verification() {
    return verification;
  }

  /** The exported graph's spec: the architecture with the plain parameterization. */
  public ModelSpec plainSpec() {
    return ModelSpec.of(architecture, numClasses, PlainParameterization.SPEC);
  }

  /**
   * The architecture's arguments besides the class count: {@code depth} and {@code widenFactor} for
   * {@code wrn-D-K}, none for {@code cifar-quick} and {@code vgg16}.
   */
  public Map<String, Integer> architectureArguments() {
    Map<String, Integer> arguments = new LinkedHashMap<>();
    Matcher wrn = WRN.matcher(architecture);
    if (wrn.matches()) {
      arguments.put("depth", Integer.parseInt(wrn.group(1)));
      arguments.put("widenFactor", Integer.parseInt(wrn.group(2)));
    }
    return arguments;
  }

  /** This metadata as pretty-printed JSON. */
  public String toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("format", FORMAT_NAME);
    o.addProperty("formatVersion", FORMAT_VERSION);
    o.addProperty("architecture", architecture);
    JsonObject arguments = new JsonObject();
    architectureArguments().forEach(arguments::addProperty);
    o.add("architectureArguments", arguments);
    o.addProperty("numClasses", numClasses);
    o.add("classNames", strings(classNames));
    o.addProperty("dataset", dataset);
    o.addProperty("parameterization", parameterization);
    o.addProperty("batchNormFolded", batchNormFolded);
    JsonObject norm = new JsonObject();
    norm.add("mean", floats(normalization.mean()));
    norm.add("std", floats(normalization.std()));
    o.add("normalization", norm);
    JsonObject input = new JsonObject();
    input.addProperty("name", "images");
    input.addProperty("dtype", "uint8");
    input.addProperty("shape", "[N, 32, 32, 3]");
    input.addProperty("layout", "NHWC, RGB, raw pixels 0..255");
    o.add("input", input);
    o.add(
        "testAccuracy",
        testAccuracy.isPresent()
            ? new JsonPrimitive(testAccuracy.getAsDouble())
            : JsonNull.INSTANCE);
    o.add("sourceRun", sourceRun.<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
    o.add("sourceModels", strings(sourceModels));
    o.addProperty("exportedAt", exportedAt.toString());
    if (verification.isPresent()) {
      JsonObject v = new JsonObject();
      v.addProperty("images", verification.get().images());
      v.addProperty("imageSource", verification.get().imageSource());
      v.addProperty("maxAbsLogitDifference", verification.get().maxAbsLogitDifference());
      o.add("verification", v);
    }
    return GSON.toJson(o);
  }

  /**
   * Parses metadata written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException if the JSON is malformed, is not kflo4j metadata, has another
   *     {@code formatVersion}, or lacks a required key (the message names it)
   */
  public static ExportMetadata fromJson(String json) {
    JsonObject o;
    try {
      JsonElement element = JsonParser.parseString(json);
      if (!element.isJsonObject()) {
        throw new IllegalArgumentException("metadata must be a JSON object");
      }
      o = element.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("malformed metadata JSON: " + e.getMessage(), e);
    }
    if (!o.has("formatVersion") || !o.get("formatVersion").isJsonPrimitive()) {
      throw new IllegalArgumentException("metadata has no formatVersion");
    }
    int version;
    try {
      version = o.get("formatVersion").getAsInt();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "metadata formatVersion is not a number: " + o.get("formatVersion"), e);
    }
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "unsupported metadata format version "
              + version
              + " (this kflo4j reads version "
              + FORMAT_VERSION
              + ")");
    }
    try {
      Builder b =
          builder()
              .setArchitecture(requiredString(o, "architecture"))
              .setNumClasses(required(o, "numClasses").getAsInt())
              .setClassNames(stringList(required(o, "classNames")))
              .setDataset(requiredString(o, "dataset"))
              .setParameterization(requiredString(o, "parameterization"))
              .optBatchNormFolded(required(o, "batchNormFolded").getAsBoolean());
      JsonObject norm = required(o, "normalization").getAsJsonObject();
      b.optNormalization(
          Normalization.of(floatArray(required(norm, "mean")), floatArray(required(norm, "std"))));
      if (present(o, "testAccuracy")) {
        b.optTestAccuracy(o.get("testAccuracy").getAsDouble());
      }
      if (present(o, "sourceRun")) {
        b.optSourceRun(o.get("sourceRun").getAsString());
      }
      if (present(o, "sourceModels")) {
        b.optSourceModels(stringList(o.get("sourceModels")));
      }
      if (present(o, "exportedAt")) {
        b.optExportedAt(Instant.parse(o.get("exportedAt").getAsString()));
      }
      if (present(o, "verification")) {
        JsonObject v = o.get("verification").getAsJsonObject();
        b.optVerification(
            new Verification(
                required(v, "images").getAsInt(),
                requiredString(v, "imageSource"),
                required(v, "maxAbsLogitDifference").getAsDouble()));
      }
      return b.build();
    } catch (IllegalStateException
        | UnsupportedOperationException
        | NumberFormatException
        | ClassCastException
        | DateTimeParseException
        | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("malformed metadata: " + e.getMessage(), e);
    }
  }

  private static boolean present(JsonObject o, String key) {
    return o.has(key) && !o.get(key).isJsonNull();
  }

  private static JsonElement required(JsonObject o, String key) {
    if (!present(o, key)) {
      throw new IllegalArgumentException("metadata has no '" + key + "'");
    }
    return o.get(key);
  }

  private static String requiredString(JsonObject o, String key) {
    return required(o, key).getAsString();
  }

  private static List<String> stringList(JsonElement element) {
    List<String> list = new ArrayList<>();
    for (JsonElement e : element.getAsJsonArray()) {
      list.add(e.getAsString());
    }
    return list;
  }

  private static float[] floatArray(JsonElement element) {
    JsonArray array = element.getAsJsonArray();
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).getAsFloat();
    }
    return values;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray array = new JsonArray();
    values.forEach(array::add);
    return array;
  }

  private static JsonArray floats(float[] values) {
    JsonArray array = new JsonArray();
    for (float v : values) {
      array.add(v);
    }
    return array;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExportMetadata m
        && architecture.equals(m.architecture)
        && numClasses == m.numClasses
        && classNames.equals(m.classNames)
        && dataset.equals(m.dataset)
        && parameterization.equals(m.parameterization)
        && batchNormFolded == m.batchNormFolded
        && Arrays.equals(normalization.mean(), m.normalization.mean())
        && Arrays.equals(normalization.std(), m.normalization.std())
        && testAccuracy.equals(m.testAccuracy)
        && sourceRun.equals(m.sourceRun)
        && sourceModels.equals(m.sourceModels)
        && exportedAt.equals(m.exportedAt)
        && verification.equals(m.verification);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        architecture,
        numClasses,
        classNames,
        dataset,
        parameterization,
        batchNormFolded,
        Arrays.hashCode(normalization.mean()),
        Arrays.hashCode(normalization.std()),
        testAccuracy,
        sourceRun,
        sourceModels,
        exportedAt,
        verification);
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

  /**
   * Builds {@link ExportMetadata}: {@code setX} for required settings, {@code optX} for optional
   * ones.
   */
  public static final class Builder {
    private String architecture;
    private int numClasses;
    private List<String> classNames;
    private String dataset;
    private String parameterization;
    private boolean batchNormFolded;
    private Normalization normalization = Normalization.standard();
    private OptionalDouble testAccuracy = OptionalDouble.empty();
    private String sourceRun;
    private List<String> sourceModels = List.of();
    private Instant exportedAt;
    private Verification verification;

    private Builder() {}

    /** The architecture spec, e.g. {@code wrn-16-8}. */
    public Builder setArchitecture(String architecture) {
      this.architecture = architecture;
      return this;
    }

    /** The classifier's outputs. */
    public Builder setNumClasses(int numClasses) {
      this.numClasses = numClasses;
      return this;
    }

    /** The class names, one per class. */
    public Builder setClassNames(List<String> classNames) {
      this.classNames = List.copyOf(classNames);
      return this;
    }

    /** The data set trained on. */
    public Builder setDataset(String dataset) {
      this.dataset = dataset;
      return this;
    }

    /** The training parameterization spec. */
    public Builder setParameterization(String parameterization) {
      this.parameterization = parameterization;
      return this;
    }

    /** Whether batch norms are folded (default false). */
    public Builder optBatchNormFolded(boolean batchNormFolded) {
      this.batchNormFolded = batchNormFolded;
      return this;
    }

    /** The input normalization (default {@link Normalization#standard()}). */
    public Builder optNormalization(Normalization normalization) {
      this.normalization = Objects.requireNonNull(normalization);
      return this;
    }

    /** Top-1 test accuracy as a fraction in [0, 1]. */
    public Builder optTestAccuracy(double testAccuracy) {
      this.testAccuracy = OptionalDouble.of(testAccuracy);
      return this;
    }

    /** Top-1 test accuracy, or empty when unknown. */
    public Builder optTestAccuracy(OptionalDouble testAccuracy) {
      this.testAccuracy = Objects.requireNonNull(testAccuracy);
      return this;
    }

    /** The source training run. */
    public Builder optSourceRun(String sourceRun) {
      this.sourceRun = sourceRun;
      return this;
    }

    /** The source models of a transferred model (default none). */
    public Builder optSourceModels(List<String> sourceModels) {
      this.sourceModels = List.copyOf(sourceModels);
      return this;
    }

    /** The export time (default: when {@link #build()} is called). */
    public Builder optExportedAt(Instant exportedAt) {
      this.exportedAt = exportedAt;
      return this;
    }

    /** The equivalence check made at export. */
    public Builder optVerification(Verification verification) {
      this.verification = verification;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming every missing or invalid setting
     */
    public ExportMetadata build() {
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
      if (testAccuracy.isPresent()
          && !(testAccuracy.getAsDouble() >= 0 && testAccuracy.getAsDouble() <= 1)) {
        problems.add(
            "testAccuracy must be a fraction in [0, 1], got " + testAccuracy.getAsDouble());
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid export metadata: " + String.join("; ", problems));
      }
      if (exportedAt == null) {
        exportedAt = Instant.now();
      }
      return new ExportMetadata(this);
    }
  }
}
