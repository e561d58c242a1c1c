package io.kflo4j.training.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.datasets.DatasetSpec;
import io.kflo4j.graph.arch.Architectures;
import io.kflo4j.graph.reparam.Parameterizations;
import io.kflo4j.training.run.RunDirectory;
import io.kflo4j.training.schedule.LearningRateSchedules;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The full, immutable configuration of a training run: enough, saved as the run directory's {@code
 * config.json}, to reproduce the run on its own.
 *
 * <p>Built with {@link #builder()}: {@code setX} for the required settings (dataset, arch, reparam,
 * epochs, seed, outDir, runName), {@code optX} for the optional ones (defaults are the {@code
 * *_DEFAULT} constants, the reference CIFAR recipe); {@link Builder#build()} validates everything
 * and reports every problem at once, each message naming the field and the value.
 *
 * <p>JSON ({@link #toJson()}, {@link #fromJson}): one object whose keys are the field names below
 * (stable; renaming one breaks old run directories) plus {@code formatVersion}; numbers round-trip
 * exactly. Paths are written as given (relative paths stay relative to the working directory),
 * except a folder data set's, which {@link Builder#build()} makes absolute ({@code
 * folder:/abs/path}). Missing optional keys take their defaults; unknown keys are rejected (a typo
 * must not be silently ignored).
 */
public final class TrainConfig {

  /** The version of the JSON layout written by {@link #toJson()}. */
  public static final int FORMAT_VERSION = 1;

  /** Default fraction of the training set used: all of it. */
  public static final double FRACTION_DEFAULT = 1.0;

  /** Default validation fraction: 0, evaluate on the test set. */
  public static final double VALIDATION_FRACTION_DEFAULT = 0.0;

  /**
   * Default validation fraction of a folder data set, which has no test set: 20% of every class
   * held out.
   */
  public static final double FOLDER_VALIDATION_FRACTION_DEFAULT = 0.2;

  /** Default base learning rate (reference recipe). */
  public static final double LEARNING_RATE_DEFAULT = 0.1;

  /** Default batch size (reference recipe). */
  public static final int BATCH_SIZE_DEFAULT = 128;

  /** Default weight decay (reference recipe). */
  public static final double WEIGHT_DECAY_DEFAULT = 1e-4;

  /** Default SGD momentum (reference recipe). */
  public static final double MOMENTUM_DEFAULT = 0.9;

  /** Default: classic momentum, not Nesterov. */
  public static final boolean NESTEROV_DEFAULT = false;

  /** Default learning-rate schedule spec (see {@link LearningRateSchedules}). */
  public static final String SCHEDULE_DEFAULT = LearningRateSchedules.COSINE;

  /** Default warm-up: none. */
  public static final int WARMUP_EPOCHS_DEFAULT = 0;

  /** Default threads: 0, TensorFlow's own choice. */
  public static final int THREADS_DEFAULT = 0;

  private static final Gson GSON =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  private final String dataset;
  private final DatasetSpec datasetSpec;
  private final String arch;
  private final String reparam;
  private final int epochs;
  private final long seed;
  private final double fraction;
  private final double validationFraction;
  private final double learningRate;
  private final int batchSize;
  private final double weightDecay;
  private final double momentum;
  private final boolean nesterov;
  private final OptionalDouble ema;
  private final Optional<FineTuning> fineTuning;
  private final String schedule;
  private final int warmupEpochs;
  private final int threads;
  private final Optional<Path> dataDir;
  private final Path outDir;
  private final String runName;

  private TrainConfig(Builder b, DatasetSpec datasetSpec, double validationFraction) {
    this.dataset = datasetSpec.id();
    this.datasetSpec = datasetSpec;
    this.arch = b.arch;
    this.reparam = b.reparam;
    this.epochs = b.epochs;
    this.seed = b.seed;
    this.fraction = b.fraction;
    this.validationFraction = validationFraction;
    this.learningRate = b.learningRate;
    this.batchSize = b.batchSize;
    this.weightDecay = b.weightDecay;
    this.momentum = b.momentum;
    this.nesterov = b.nesterov;
    this.ema = b.ema;
    this.fineTuning = Optional.ofNullable(b.fineTuning);
    this.schedule = b.schedule;
    this.warmupEpochs = b.warmupEpochs;
    this.threads = b.threads;
    this.dataDir = Optional.ofNullable(b.dataDir);
    this.outDir = b.outDir;
    this.runName = b.runName;
  }

  /** A builder with the defaults and no required setting set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's settings (to derive a variant). */
  public Builder toBuilder() {
    Builder b =
        new Builder()
            .setDataset(dataset)
            .setArch(arch)
            .setReparam(reparam)
            .setEpochs(epochs)
            .setSeed(seed)
            .setOutDir(outDir)
            .setRunName(runName)
            .optFraction(fraction)
            .optValidationFraction(validationFraction)
            .optLearningRate(learningRate)
            .optBatchSize(batchSize)
            .optWeightDecay(weightDecay)
            .optMomentum(momentum)
            .optNesterov(nesterov)
            .optEma(ema)
            .optSchedule(schedule)
            .optWarmupEpochs(warmupEpochs)
            .optThreads(threads);
    dataDir.ifPresent(b::optDataDir);
    fineTuning.ifPresent(b::optFineTuning);
    return b;
  }

  /** The dataset: "cifar10", "cifar100" or "folder:" and an absolute path. */
  public String dataset() {
    return dataset;
  }

  /** The dataset, parsed (nothing read; the number of classes comes from the data). */
  public DatasetSpec datasetSpec() {
    return datasetSpec;
  }

  /**
   * The architecture name, e.g. "cifar-quick", "vgg16", "wrn-16-8" (resolved by the graph module).
   */
  public String arch() {
    return arch;
  }

  /** The kernel parameterization spec, e.g. "plain", "kflo:2x4" (resolved by the graph module). */
  public String reparam() {
    return reparam;
  }

  /** The number of epochs, {@code >= 1}. */
  public int epochs() {
    return epochs;
  }

  /** The seed of initialization, data order and augmentation. */
  public long seed() {
    return seed;
  }

  /** The fraction of the training set used (class-balanced), in {@code (0, 1]}. */
  public double fraction() {
    return fraction;
  }

  /**
   * The fraction of the used training set held out for validation, in {@code [0, 1)}; 0 = test set.
   * Always {@code > 0} for a folder data set, which has no test set.
   */
  public double validationFraction() {
    return validationFraction;
  }

  /** The base learning rate, {@code > 0}. */
  public double learningRate() {
    return learningRate;
  }

  /** The batch size, {@code >= 1}. */
  public int batchSize() {
    return batchSize;
  }

  /** The weight decay, {@code >= 0}. */
  public double weightDecay() {
    return weightDecay;
  }

  /** The SGD momentum, in {@code [0, 1)}. */
  public double momentum() {
    return momentum;
  }

  /** Whether SGD uses Nesterov momentum. */
  public boolean nesterov() {
    return nesterov;
  }

  /**
   * The decay of the exponential moving average of the weights, in {@code (0, 1)}; empty = no EMA.
   */
  public OptionalDouble ema() {
    return ema;
  }

  /**
   * How a run from pretrained weights is fine-tuned; empty: every epoch trains everything on the
   * schedule.
   */
  public Optional<FineTuning> fineTuning() {
    return fineTuning;
  }

  /** The learning-rate schedule spec (see {@link LearningRateSchedules}). */
  public String schedule() {
    return schedule;
  }

  /** Epochs of linear warm-up, in {@code [0, epochs - 1]}. */
  public int warmupEpochs() {
    return warmupEpochs;
  }

  /** Threads for TensorFlow's thread pools, 0 = TensorFlow's default. */
  public int threads() {
    return threads;
  }

  /** Where the datasets are; empty = the data module's default location. */
  public Optional<Path> dataDir() {
    return dataDir;
  }

  /** The directory holding run directories (e.g. {@code runs}). */
  public Path outDir() {
    return outDir;
  }

  /** The run's name: its directory is {@code outDir/runName}. */
  public String runName() {
    return runName;
  }

  /** The run's directory path, {@code outDir/runName} (not created). */
  public Path runPath() {
    return outDir.resolve(runName);
  }

  /** This configuration as pretty-printed JSON (see the class comment). */
  public String toJson() {
    return GSON.toJson(JsonForm.of(this));
  }

  /**
   * Parses and validates a configuration written by {@link #toJson()}.
   *
   * @param json the JSON text
   * @return the configuration
   * @throws IllegalArgumentException if the JSON is malformed, has unknown keys, an unsupported
   *     {@code formatVersion}, or settings that fail validation
   */
  public static TrainConfig fromJson(String json) {
    JsonObject object;
    try {
      JsonElement element = JsonParser.parseString(json);
      if (!element.isJsonObject()) {
        throw new IllegalArgumentException("configuration JSON must be an object, got " + element);
      }
      object = element.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("malformed configuration JSON: " + e.getMessage(), e);
    }
    List<String> unknown =
        object.keySet().stream()
            .filter(k -> !JsonForm.KEYS.contains(k))
            .sorted()
            .collect(Collectors.toList());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "configuration JSON has unknown keys " + unknown + "; known keys: " + JsonForm.KEYS);
    }
    JsonForm form;
    try {
      form = GSON.fromJson(object, JsonForm.class);
    } catch (JsonParseException | NumberFormatException | IllegalStateException e) {
      throw new IllegalArgumentException("malformed configuration JSON: " + e.getMessage(), e);
    }
    return form.toConfig();
  }

  /**
   * Writes {@link #toJson()} atomically to {@code file} (normally the run directory's {@code
   * config.json}).
   *
   * @param file the file
   * @throws IOException if writing fails
   */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson() + "\n");
  }

  /**
   * Reads a configuration file.
   *
   * @param file the file
   * @return the configuration
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if its content is invalid (the message names the file)
   */
  public static TrainConfig read(Path file) throws IOException {
    String json = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TrainConfig)) {
      return false;
    }
    TrainConfig c = (TrainConfig) o;
    return epochs == c.epochs
        && seed == c.seed
        && Double.compare(fraction, c.fraction) == 0
        && Double.compare(validationFraction, c.validationFraction) == 0
        && Double.compare(learningRate, c.learningRate) == 0
        && batchSize == c.batchSize
        && Double.compare(weightDecay, c.weightDecay) == 0
        && Double.compare(momentum, c.momentum) == 0
        && nesterov == c.nesterov
        && warmupEpochs == c.warmupEpochs
        && threads == c.threads
        && dataset.equals(c.dataset)
        && arch.equals(c.arch)
        && reparam.equals(c.reparam)
        && ema.equals(c.ema)
        && fineTuning.equals(c.fineTuning)
        && schedule.equals(c.schedule)
        && dataDir.equals(c.dataDir)
        && outDir.equals(c.outDir)
        && runName.equals(c.runName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        dataset,
        arch,
        reparam,
        epochs,
        seed,
        fraction,
        validationFraction,
        learningRate,
        batchSize,
        weightDecay,
        momentum,
        nesterov,
        ema,
        fineTuning,
        schedule,
        warmupEpochs,
        threads,
        dataDir,
        outDir,
        runName);
  }

  @Override
  public String toString() {
    return "TrainConfig" + new Gson().toJson(JsonForm.of(this));
  }

  /**
   * Builds a {@link TrainConfig}: {@code setX} for required settings, {@code optX} for optional
   * ones; nothing is checked before {@link #build()}.
   */
  public static final class Builder {
    private String dataset;
    private String arch;
    private String reparam;
    private Integer epochsOrNull;
    private int epochs;
    private Long seedOrNull;
    private long seed;
    private double fraction = FRACTION_DEFAULT;
    private Double validationFraction;
    private double learningRate = LEARNING_RATE_DEFAULT;
    private int batchSize = BATCH_SIZE_DEFAULT;
    private double weightDecay = WEIGHT_DECAY_DEFAULT;
    private double momentum = MOMENTUM_DEFAULT;
    private boolean nesterov = NESTEROV_DEFAULT;
    private OptionalDouble ema = OptionalDouble.empty();
    private FineTuning fineTuning;
    private String schedule = SCHEDULE_DEFAULT;
    private int warmupEpochs = WARMUP_EPOCHS_DEFAULT;
    private int threads = THREADS_DEFAULT;
    private Path dataDir;
    private Path outDir;
    private String runName;

    private Builder() {}

    /**
     * Required: the dataset, "cifar10", "cifar100" or "folder:PATH" (see {@link
     * DatasetSpec#parse}).
     */
    public Builder setDataset(String dataset) {
      this.dataset = dataset;
      return this;
    }

    /** Required: the architecture name, e.g. "vgg16". */
    public Builder setArch(String arch) {
      this.arch = arch;
      return this;
    }

    /** Required: the kernel parameterization spec, e.g. "plain" or "kflo:2x4". */
    public Builder setReparam(String reparam) {
      this.reparam = reparam;
      return this;
    }

    /** Required: the number of epochs, {@code >= 1}. */
    public Builder setEpochs(int epochs) {
      this.epochsOrNull = epochs;
      this.epochs = epochs;
      return this;
    }

    /** Required: the seed. */
    public Builder setSeed(long seed) {
      this.seedOrNull = seed;
      this.seed = seed;
      return this;
    }

    /** Required: the directory holding run directories. */
    public Builder setOutDir(Path outDir) {
      this.outDir = outDir;
      return this;
    }

    /** Required: the run's name, a plain directory name. */
    public Builder setRunName(String runName) {
      this.runName = runName;
      return this;
    }

    /** Optional: fraction of the training set, in {@code (0, 1]}; default 1.0 (all). */
    public Builder optFraction(double fraction) {
      this.fraction = fraction;
      return this;
    }

    /**
     * Optional: validation fraction, in {@code [0, 1)}; default 0 (use the test set), for a folder
     * data set {@link #FOLDER_VALIDATION_FRACTION_DEFAULT}, and there it must be {@code > 0}.
     */
    public Builder optValidationFraction(double validationFraction) {
      this.validationFraction = validationFraction;
      return this;
    }

    /** Optional: base learning rate, {@code > 0}; default 0.1. */
    public Builder optLearningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** Optional: batch size, {@code >= 1}; default 128. */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Optional: weight decay, {@code >= 0}; default 1e-4. */
    public Builder optWeightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /** Optional: SGD momentum, in {@code [0, 1)}; default 0.9. */
    public Builder optMomentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** Optional: Nesterov momentum; default false. */
    public Builder optNesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /**
     * Optional: fine-tune with this recipe (head phase, per-group rates, freezing); default none.
     */
    public Builder optFineTuning(FineTuning recipe) {
      this.fineTuning = Objects.requireNonNull(recipe, "recipe");
      return this;
    }

    /**
     * Optional: turns on the weight EMA with this decay, in {@code (0, 1)}, e.g. 0.999; default
     * off.
     */
    public Builder optEma(double decay) {
      this.ema = OptionalDouble.of(decay);
      return this;
    }

    /** Optional: the weight EMA decay, or empty to turn the EMA off. */
    public Builder optEma(OptionalDouble decay) {
      this.ema = Objects.requireNonNull(decay, "decay");
      return this;
    }

    /** Optional: learning-rate schedule spec; default "cosine". */
    public Builder optSchedule(String schedule) {
      this.schedule = schedule;
      return this;
    }

    /** Optional: epochs of linear warm-up, in {@code [0, epochs - 1]}; default 0. */
    public Builder optWarmupEpochs(int warmupEpochs) {
      this.warmupEpochs = warmupEpochs;
      return this;
    }

    /** Optional: TensorFlow threads, {@code >= 0}; default 0 (TensorFlow's choice). */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Optional: the datasets' directory; {@code null} = the data module's default. */
    public Builder optDataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /**
     * Validates the settings and builds the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException listing every invalid or missing setting, separated by "; ",
     *     each naming the field and the value
     */
    public TrainConfig build() {
      List<String> errors = new ArrayList<>();
      DatasetSpec spec = null;
      if (dataset == null) {
        errors.add("dataset is required (setDataset)");
      } else {
        try {
          spec = DatasetSpec.parse(dataset);
        } catch (IllegalArgumentException e) {
          errors.add(e.getMessage());
        }
      }
      requireText(errors, "arch", "setArch", arch);
      requireText(errors, "reparam", "setReparam", reparam);
      checkSpec(errors, arch, Architectures::parse);
      checkSpec(errors, reparam, Parameterizations::parse);
      boolean epochsValid = false;
      if (epochsOrNull == null) {
        errors.add("epochs is required (setEpochs)");
      } else if (epochs < 1) {
        errors.add("epochs must be >= 1, got " + epochs);
      } else {
        epochsValid = true;
      }
      if (seedOrNull == null) {
        errors.add("seed is required (setSeed)");
      }
      if (outDir == null) {
        errors.add("outDir is required (setOutDir)");
      }
      if (runName == null) {
        errors.add("runName is required (setRunName)");
      } else {
        try {
          RunDirectory.checkRunName(runName);
        } catch (IllegalArgumentException e) {
          errors.add(e.getMessage());
        }
      }
      if (!(fraction > 0 && fraction <= 1)) {
        errors.add("fraction must be in (0, 1], got " + fraction);
      }
      boolean folder = spec instanceof DatasetSpec.Folder;
      double validation =
          validationFraction != null
              ? validationFraction
              : folder ? FOLDER_VALIDATION_FRACTION_DEFAULT : VALIDATION_FRACTION_DEFAULT;
      if (folder && !(validation > 0 && validation < 1)) {
        errors.add(
            "validationFraction must be in (0, 1) for "
                + spec.id()
                + ", which has no test set (default "
                + FOLDER_VALIDATION_FRACTION_DEFAULT
                + "), got "
                + validation);
      } else if (!(validation >= 0 && validation < 1)) {
        errors.add("validationFraction must be in [0, 1), got " + validation);
      }
      if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
        errors.add("learningRate must be finite and > 0, got " + learningRate);
      }
      if (batchSize < 1) {
        errors.add("batchSize must be >= 1, got " + batchSize);
      }
      if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
        errors.add("weightDecay must be finite and >= 0, got " + weightDecay);
      }
      if (!(momentum >= 0 && momentum < 1)) {
        errors.add("momentum must be in [0, 1), got " + momentum);
      }
      if (ema.isPresent() && !(ema.getAsDouble() > 0 && ema.getAsDouble() < 1)) {
        errors.add("ema must be in (0, 1), got " + ema.getAsDouble());
      }
      if (fineTuning != null && epochsValid && fineTuning.headEpochs() >= epochs) {
        errors.add(
            "the head phase ("
                + fineTuning.headEpochs()
                + " epochs) must leave at least one of the "
                + epochs
                + " epochs to fine-tune everything: raise the epochs or lower the head epochs");
      }
      if (threads < 0) {
        errors.add("threads must be >= 0, got " + threads);
      }
      // The schedule runs over the epochs after a fine-tuning head phase.
      int scheduled =
          epochs - (fineTuning == null ? 0 : Math.min(fineTuning.headEpochs(), epochs - 1));
      if (warmupEpochs < 0 || (epochsValid && warmupEpochs > scheduled - 1)) {
        errors.add(
            "warmupEpochs must be in [0, "
                + (fineTuning == null ? "epochs" : "epochs - headEpochs")
                + " - 1]"
                + (epochsValid ? " = [0, " + (scheduled - 1) + "]" : "")
                + ", got "
                + warmupEpochs);
      }
      if (schedule == null) {
        errors.add("schedule must not be null (default '" + SCHEDULE_DEFAULT + "')");
      } else if (epochsValid) {
        try {
          LearningRateSchedules.validate(schedule, scheduled);
        } catch (IllegalArgumentException e) {
          errors.add("schedule: " + e.getMessage());
        }
      }
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", errors));
      }
      return new TrainConfig(this, spec, validation);
    }

    /** Records the parser's message when a (non-blank) spec does not parse. */
    private static void checkSpec(
        List<String> errors, String spec, java.util.function.Consumer<String> parser) {
      if (spec != null && !spec.isBlank()) {
        try {
          parser.accept(spec);
        } catch (IllegalArgumentException e) {
          errors.add(e.getMessage());
        }
      }
    }

    private static void requireText(
        List<String> errors, String field, String setter, String value) {
      if (value == null) {
        errors.add(field + " is required (" + setter + ")");
      } else if (value.isBlank()) {
        errors.add(field + " must not be blank, got '" + value + "'");
      }
    }
  }

  /**
   * The JSON layout: boxed fields so that absent keys can take defaults. Field names are the JSON
   * keys.
   */
  private static final class JsonForm {
    static final Set<String> KEYS =
        Arrays.stream(JsonForm.class.getDeclaredFields())
            .filter(f -> !Modifier.isStatic(f.getModifiers()))
            .map(Field::getName)
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));

    Integer formatVersion;
    String dataset;
    String arch;
    String reparam;
    Integer epochs;
    Long seed;
    Double fraction;
    Double validationFraction;
    Double learningRate;
    Integer batchSize;
    Double weightDecay;
    Double momentum;
    Boolean nesterov;
    Double ema;
    FineTuning fineTuning;
    String schedule;
    Integer warmupEpochs;
    Integer threads;
    String dataDir;
    String outDir;
    String runName;

    static JsonForm of(TrainConfig c) {
      JsonForm f = new JsonForm();
      f.formatVersion = FORMAT_VERSION;
      f.dataset = c.dataset;
      f.arch = c.arch;
      f.reparam = c.reparam;
      f.epochs = c.epochs;
      f.seed = c.seed;
      f.fraction = c.fraction;
      f.validationFraction = c.validationFraction;
      f.learningRate = c.learningRate;
      f.batchSize = c.batchSize;
      f.weightDecay = c.weightDecay;
      f.momentum = c.momentum;
      f.nesterov = c.nesterov;
      f.ema = c.ema.isPresent() ? c.ema.getAsDouble() : null;
      f.fineTuning = c.fineTuning.orElse(null);
      f.schedule = c.schedule;
      f.warmupEpochs = c.warmupEpochs;
      f.threads = c.threads;
      f.dataDir = c.dataDir.map(Path::toString).orElse(null);
      f.outDir = c.outDir.toString();
      f.runName = c.runName;
      return f;
    }

    TrainConfig toConfig() {
      if (formatVersion != null && formatVersion != FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "configuration formatVersion "
                + formatVersion
                + " is not supported (this version reads "
                + FORMAT_VERSION
                + ")");
      }
      Builder b =
          builder().setDataset(dataset).setArch(arch).setReparam(reparam).setRunName(runName);
      if (epochs != null) {
        b.setEpochs(epochs);
      }
      if (seed != null) {
        b.setSeed(seed);
      }
      if (outDir != null) {
        b.setOutDir(Path.of(outDir));
      }
      if (fraction != null) {
        b.optFraction(fraction);
      }
      if (validationFraction != null) {
        b.optValidationFraction(validationFraction);
      }
      if (learningRate != null) {
        b.optLearningRate(learningRate);
      }
      if (batchSize != null) {
        b.optBatchSize(batchSize);
      }
      if (weightDecay != null) {
        b.optWeightDecay(weightDecay);
      }
      if (momentum != null) {
        b.optMomentum(momentum);
      }
      if (nesterov != null) {
        b.optNesterov(nesterov);
      }
      if (ema != null) {
        b.optEma(ema);
      }
      if (fineTuning != null) {
        b.optFineTuning(fineTuning);
      }
      if (schedule != null) {
        b.optSchedule(schedule);
      }
      if (warmupEpochs != null) {
        b.optWarmupEpochs(warmupEpochs);
      }
      if (threads != null) {
        b.optThreads(threads);
      }
      if (dataDir != null) {
        b.optDataDir(Path.of(dataDir));
      }
      return b.build();
    }
  }
}
