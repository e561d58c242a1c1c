package io.kflo4j.training.config;

import io.kflo4j.datasets.DatasetSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a run trains and evaluates on.
 *
 * @param dataset "cifar10", "cifar100" or "folder:" and an absolute path (a relative one is made
 *     absolute)
 * @param fraction the class-balanced fraction of the training set used, in (0, 1]
 * @param validationFraction the class-balanced hold-out evaluated instead of the test set, in [0,
 *     1); in (0, 1) for a folder data set, which has no test set
 * @param dataDir where CIFAR data lives (empty: {@code $KFLO_DATA_DIR} or the user cache)
 */
public record DataSettings(
    String dataset, double fraction, double validationFraction, Optional<Path> dataDir) {

  /** Default fraction of the training set used: all of it. */
  public static final double FRACTION_DEFAULT = 1.0;

  /** Default validation fraction: 0, evaluate on the test set. */
  public static final double VALIDATION_FRACTION_DEFAULT = 0.0;

  /** Default validation fraction of a folder data set: 20% of every class held out. */
  public static final double FOLDER_VALIDATION_FRACTION_DEFAULT = 0.2;

  /** Parses and normalizes the dataset, checks the fractions. */
  public DataSettings {
    Problems problems = new Problems().require("dataset", dataset);
    DatasetSpec spec = null;
    if (dataset != null) {
      try {
        spec = DatasetSpec.parse(dataset);
        dataset = spec.id();
      } catch (IllegalArgumentException e) {
        problems.check(false, e.getMessage());
      }
    }
    problems.check(fraction > 0 && fraction <= 1, "fraction must be in (0, 1], got " + fraction);
    if (spec instanceof DatasetSpec.Folder) {
      problems.check(
          validationFraction > 0 && validationFraction < 1,
          "validationFraction must be in (0, 1) for "
              + spec.id()
              + ", which has no test set (default "
              + FOLDER_VALIDATION_FRACTION_DEFAULT
              + "), got "
              + validationFraction);
    } else {
      problems.check(
          validationFraction >= 0 && validationFraction < 1,
          "validationFraction must be in [0, 1), got " + validationFraction);
    }
    problems.throwIfAny();
    dataDir = dataDir == null ? Optional.empty() : dataDir;
  }

  /** The dataset, parsed (nothing read; the number of classes comes from the data). */
  public DatasetSpec datasetSpec() {
    return DatasetSpec.parse(dataset);
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder()
        .dataset(dataset)
        .fraction(fraction)
        .validationFraction(validationFraction)
        .dataDir(dataDir.orElse(null));
  }

  /**
   * The mutable form (also the JSON form: absent keys keep the defaults). The validation fraction
   * defaults by data set: {@value #FOLDER_VALIDATION_FRACTION_DEFAULT} for a folder, else {@value
   * #VALIDATION_FRACTION_DEFAULT}.
   */
  public static final class Builder {
    private String dataset;
    private double fraction = FRACTION_DEFAULT;
    private Double validationFraction;
    private Path dataDir;

    /** Sets the dataset (required). */
    public Builder dataset(String dataset) {
      this.dataset = dataset;
      return this;
    }

    /** Sets the training-set fraction. */
    public Builder fraction(double fraction) {
      this.fraction = fraction;
      return this;
    }

    /** Sets the validation fraction (null: the data set's default). */
    public Builder validationFraction(Double validationFraction) {
      this.validationFraction = validationFraction;
      return this;
    }

    /** Sets the data directory (null: the default). */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming every bad field
     */
    public DataSettings build() {
      double validation =
          validationFraction != null
              ? validationFraction
              : isFolder() ? FOLDER_VALIDATION_FRACTION_DEFAULT : VALIDATION_FRACTION_DEFAULT;
      return new DataSettings(dataset, fraction, validation, Optional.ofNullable(dataDir));
    }

    private boolean isFolder() {
      try {
        return dataset != null && DatasetSpec.parse(dataset) instanceof DatasetSpec.Folder;
      } catch (IllegalArgumentException e) {
        return false; // reported by the settings' own check
      }
    }
  }
}
