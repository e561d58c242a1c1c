package io.kflo4j.training.loop;

import io.kflo4j.datasets.CifarData;
import io.kflo4j.datasets.CifarVariant;
import io.kflo4j.datasets.DataDirectory;
import io.kflo4j.datasets.ImageSet;
import io.kflo4j.datasets.subset.BalancedSubset;
import io.kflo4j.datasets.subset.HoldoutSplit;
import io.kflo4j.training.config.TrainConfig;

/**
 * Loads a configuration's data: the data set from the data directory, a class-balanced fraction of its training
 * set, and either the test set or a class-balanced validation hold-out for evaluation, all chosen by the run's seed.
 */
public final class TrainingDataLoader {
  private TrainingDataLoader() {}

  /** Loads the data of {@code config}. */
  public static TrainingData load(TrainConfig config) {
    CifarData data = CifarData.load(CifarVariant.parse(config.dataset()),
        DataDirectory.resolve(config.dataDir().orElse(null)));
    return select(data.train(), data.test(), config);
  }

  /** Applies the configuration's fraction and hold-out to loaded images. */
  public static TrainingData select(ImageSet train, ImageSet test, TrainConfig config) {
    ImageSet pool = config.fraction() < 1.0
        ? train.subset(BalancedSubset.of(train.labels(), train.numClasses(), config.fraction(), config.seed()))
        : train;
    if (config.validationFraction() > 0) {
      HoldoutSplit split =
          HoldoutSplit.of(pool.labels(), pool.numClasses(), config.validationFraction(), config.seed());
      return new TrainingData(pool.subset(split.train()), pool.subset(split.validation()), "validation");
    }
    return new TrainingData(pool, test, "test");
  }
}
