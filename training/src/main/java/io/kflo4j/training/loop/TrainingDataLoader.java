package io.kflo4j.training.loop;

import io.kflo4j.datasets.DataDirectory;
import io.kflo4j.datasets.DatasetImages;
import io.kflo4j.datasets.ImageSet;
import io.kflo4j.datasets.TaskProgress;
import io.kflo4j.datasets.subset.BalancedSubset;
import io.kflo4j.datasets.subset.HoldoutSplit;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.progress.ProgressReporters;

/**
 * Loads a configuration's data: the data set (CIFAR from the data directory, or a folder of
 * images), a class-balanced fraction of its training images, and either the test set or a
 * class-balanced validation hold-out for evaluation (always the hold-out for a folder, which has no
 * test set), all chosen by the run's seed.
 */
public final class TrainingDataLoader {
  private TrainingDataLoader() {}

  /**
   * Loads the data of {@code config}, reporting a folder's images read to the terminal or the log.
   */
  public static TrainingData load(TrainConfig config) {
    return load(config, ProgressReporters.auto());
  }

  /** Loads the data of {@code config}, reporting a folder's images read to {@code progress}. */
  public static TrainingData load(TrainConfig config, TaskProgress progress) {
    DatasetImages images =
        config
            .data()
            .datasetSpec()
            .load(DataDirectory.resolve(config.data().dataDir().orElse(null)), progress);
    return select(images, config);
  }

  /**
   * Applies the configuration's fraction and hold-out to loaded images.
   *
   * @throws IllegalArgumentException if the images have no test set and the configuration holds out
   *     no validation images (a configuration built for a folder data set always does)
   */
  public static TrainingData select(DatasetImages images, TrainConfig config) {
    ImageSet train = images.training();
    ImageSet pool =
        config.data().fraction() < 1.0
            ? train.subset(
                BalancedSubset.of(
                    train.labels(),
                    train.numClasses(),
                    config.data().fraction(),
                    config.run().seed()))
            : train;
    if (config.data().validationFraction() > 0) {
      HoldoutSplit split =
          HoldoutSplit.of(
              pool.labels(),
              pool.numClasses(),
              config.data().validationFraction(),
              config.run().seed());
      return new TrainingData(
          pool.subset(split.train()), pool.subset(split.validation()), "validation");
    }
    ImageSet test =
        images
            .test()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        config.data().dataset()
                            + " has no test set: hold out a validation fraction (--validation)"));
    return new TrainingData(pool, test, "test");
  }
}
