package io.kflo4j.savedmodels;

import io.kflo4j.common.progress.ProgressReporter;
import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.savedmodels.metadata.ExportMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything an export needs: the trained network (its spec, its deployed values and the network
 * itself as the reference for verification), what to record about it, the verification images and
 * the target.
 *
 * <p>Built with {@link #builder()}: {@code setX} for required settings, {@code optX} for optional
 * ones; {@link Builder#build()} reports every problem at once.
 */
public final class ExportRequest {
  private final ModelSpec spec;
  private final Map<String, float[]> deployedValues;
  private final ReferenceModel reference;
  private final List<String> classNames;
  private final String dataset;
  private final ImageSet verificationImages;
  private final String imageSource;
  private final Path target;
  private final boolean foldBatchNorm;
  private final boolean force;
  private final ExportFormat format;
  private final Normalization normalization;
  private final OptionalDouble testAccuracy;
  private final String sourceRun;
  private final List<String> sourceModels;
  private final ProgressReporter progress;

  private ExportRequest(Builder b) {
    spec = b.spec;
    deployedValues = b.deployedValues;
    reference = b.reference;
    classNames = b.classNames;
    dataset = b.dataset;
    verificationImages = b.verificationImages;
    imageSource = b.imageSource;
    target = b.target.toAbsolutePath().normalize();
    foldBatchNorm = b.foldBatchNorm;
    force = b.force;
    format = b.format;
    normalization = b.normalization;
    testAccuracy = b.testAccuracy;
    sourceRun = b.sourceRun;
    sourceModels = b.sourceModels;
    progress = b.progress;
  }

  /** A builder with no required setting set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The trained model's spec (any parameterization). */
  public ModelSpec spec() {
    return spec;
  }

  /**
   * The collapsed weights keyed by the plain architecture's variable names ({@code
   * Model.deployedValues}).
   */
  public Map<String, float[]> deployedValues() {
    return deployedValues;
  }

  /** The trained network, for verification. */
  public ReferenceModel reference() {
    return reference;
  }

  /** Class names. */
  public List<String> classNames() {
    return classNames;
  }

  /** The data set trained on. */
  public String dataset() {
    return dataset;
  }

  /** Images for the equivalence check. */
  public ImageSet verificationImages() {
    return verificationImages;
  }

  /** Where the verification images come from, e.g. {@code cifar10 test set}. */
  public String imageSource() {
    return imageSource;
  }

  /** The directory to create, absolute. */
  public Path target() {
    return target;
  }

  /** Whether to fold batch norms. */
  public boolean foldBatchNorm() {
    return foldBatchNorm;
  }

  /** Whether an existing target may be replaced. */
  public boolean force() {
    return force;
  }

  /** What to write: a SavedModel, {@code model.onnx} or both. */
  public ExportFormat format() {
    return format;
  }

  /** Input normalization of the trained network. */
  public Normalization normalization() {
    return normalization;
  }

  /** Top-1 test accuracy to record, when known. */
  public OptionalDouble testAccuracy() {
    return testAccuracy;
  }

  /** The source run to record, or {@code null}. */
  public String sourceRun() {
    return sourceRun;
  }

  /** The source models to record. */
  public List<String> sourceModels() {
    return sourceModels;
  }

  /** Progress of the verification. */
  public ProgressReporter progress() {
    return progress;
  }

  /**
   * What the export records about the model, exported now, with its equivalence check once made.
   *
   * @throws IllegalArgumentException naming every invalid field
   */
  public ExportMetadata metadata(Optional<ExportMetadata.Verification> verification) {
    return new ExportMetadata(
        spec.architecture().spec(),
        spec.numClasses(),
        classNames,
        dataset,
        spec.parameterization().spec(),
        foldBatchNorm,
        normalization,
        testAccuracy,
        Optional.ofNullable(sourceRun),
        sourceModels,
        null,
        verification);
  }

  /** Builds an {@link ExportRequest}. */
  public static final class Builder {
    private ModelSpec spec;
    private Map<String, float[]> deployedValues;
    private ReferenceModel reference;
    private List<String> classNames;
    private String dataset;
    private ImageSet verificationImages;
    private String imageSource;
    private Path target;
    private boolean foldBatchNorm;
    private boolean force;
    private ExportFormat format = ExportFormat.SAVEDMODEL;
    private Normalization normalization = Normalization.standard();
    private OptionalDouble testAccuracy = OptionalDouble.empty();
    private String sourceRun;
    private List<String> sourceModels = List.of();
    private ProgressReporter progress = ProgressReporters.none();

    private Builder() {}

    /**
     * The trained model's spec (any parameterization; the export is the same architecture, plain).
     */
    public Builder setSpec(ModelSpec spec) {
      this.spec = spec;
      return this;
    }

    /** The collapsed weights, keyed by the plain architecture's variable names. */
    public Builder setDeployedValues(Map<String, float[]> deployedValues) {
      this.deployedValues = new LinkedHashMap<>(deployedValues);
      return this;
    }

    /** The trained network's inference-mode logits, the reference of the equivalence check. */
    public Builder setReference(ReferenceModel reference) {
      this.reference = reference;
      return this;
    }

    /** The class names, one per class. */
    public Builder setClassNames(List<String> classNames) {
      this.classNames = List.copyOf(classNames);
      return this;
    }

    /** The data set trained on, e.g. {@code cifar10}. */
    public Builder setDataset(String dataset) {
      this.dataset = dataset;
      return this;
    }

    /**
     * The images of the equivalence check: at least {@value Equivalence#MIN_IMAGES}, with the
     * model's class count.
     *
     * @param source where they came from, recorded in the metadata
     */
    public Builder setVerificationImages(ImageSet images, String source) {
      this.verificationImages = images;
      this.imageSource = source;
      return this;
    }

    /** The directory to create (its parent is created if needed). */
    public Builder setTarget(Path target) {
      this.target = target;
      return this;
    }

    /** Fold batch norms into the kernels (default false). */
    public Builder optFoldBatchNorm(boolean foldBatchNorm) {
      this.foldBatchNorm = foldBatchNorm;
      return this;
    }

    /** Replace an existing target (default false: an existing target is an error). */
    public Builder optForce(boolean force) {
      this.force = force;
      return this;
    }

    /** What to write (default {@link ExportFormat#SAVEDMODEL}). */
    public Builder optFormat(ExportFormat format) {
      this.format = Objects.requireNonNull(format);
      return this;
    }

    /** The trained network's input normalization (default {@link Normalization#standard()}). */
    public Builder optNormalization(Normalization normalization) {
      this.normalization = Objects.requireNonNull(normalization);
      return this;
    }

    /** Top-1 test accuracy, a fraction. */
    public Builder optTestAccuracy(OptionalDouble testAccuracy) {
      this.testAccuracy = Objects.requireNonNull(testAccuracy);
      return this;
    }

    /** The training run exported. */
    public Builder optSourceRun(String sourceRun) {
      this.sourceRun = sourceRun;
      return this;
    }

    /** For transferred models, the models the weights came from. */
    public Builder optSourceModels(List<String> sourceModels) {
      this.sourceModels = List.copyOf(sourceModels);
      return this;
    }

    /** Progress of the verification (default none). */
    public Builder optProgress(ProgressReporter progress) {
      this.progress = Objects.requireNonNull(progress);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming every missing or invalid setting
     */
    public ExportRequest build() {
      List<String> problems = new ArrayList<>();
      if (spec == null) {
        problems.add("spec is required");
      }
      if (deployedValues == null) {
        problems.add("deployed values are required");
      }
      if (reference == null) {
        problems.add("a reference model is required");
      }
      if (classNames == null) {
        problems.add("class names are required");
      } else if (spec != null && classNames.size() != spec.numClasses()) {
        problems.add(classNames.size() + " class names for " + spec.numClasses() + " classes");
      }
      if (dataset == null || dataset.isBlank()) {
        problems.add("dataset is required");
      }
      if (verificationImages == null) {
        problems.add("verification images are required");
      } else {
        if (verificationImages.size() < Equivalence.MIN_IMAGES) {
          problems.add(
              "verification needs at least "
                  + Equivalence.MIN_IMAGES
                  + " images, got "
                  + verificationImages.size());
        }
        if (spec != null && verificationImages.numClasses() != spec.numClasses()) {
          problems.add(
              "verification images have "
                  + verificationImages.numClasses()
                  + " classes, the model "
                  + spec.numClasses());
        }
      }
      if (target == null) {
        problems.add("target directory is required");
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid export request: " + String.join("; ", problems));
      }
      return new ExportRequest(this);
    }
  }
}
