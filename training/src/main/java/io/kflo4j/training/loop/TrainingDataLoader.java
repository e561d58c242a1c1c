package io.kflo4j.training.loop;

import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.common.progress.TaskProgress;
import io.kflo4j.common.text.ControlCharacters;
import io.kflo4j.datasets.DataDirectory;
import io.kflo4j.datasets.DatasetImages;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.datasets.subset.BalancedSubset;
import io.kflo4j.datasets.subset.HoldoutSplit;
import io.kflo4j.training.config.TrainConfig;
import java.util.Arrays;
import java.util.Locale;

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
    checkEveryClassKept(train, pool, "fraction " + config.data().fraction());
    if (config.data().validationFraction() > 0) {
      HoldoutSplit split =
          HoldoutSplit.of(
              pool.labels(),
              pool.numClasses(),
              config.data().validationFraction(),
              config.run().seed());
      ImageSet kept = pool.subset(split.train());
      checkEveryClassKept(
          pool, kept, "validationFraction " + config.data().validationFraction() + " held out");
      ImageSet validation = pool.subset(split.validation());
      if (validation.size() == 0) {
        throw new IllegalArgumentException(
            "validationFraction "
                + config.data().validationFraction()
                + " of "
                + pool.size()
                + " training images holds out none to evaluate on: raise it");
      }
      return new TrainingData(kept, validation, "validation");
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

  /**
   * Refuses a selection that keeps no training image of a class (a fraction so small that every
   * class rounds to nothing), naming the smallest fraction that keeps one of each.
   *
   * @param what the setting that selected, e.g. {@code fraction 1.0E-9}
   */
  private static void checkEveryClassKept(ImageSet from, ImageSet kept, String what) {
    int[] before = from.classCounts();
    int[] after = kept.classCounts();
    for (int c = 0; c < before.length; c++) {
      if (before[c] > 0 && after[c] == 0) {
        int smallest = Arrays.stream(before).filter(n -> n > 0).min().orElse(before[c]);
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s keeps no training image of class '%s' (of its %d): keep at least one of"
                    + " each class (a fraction of at least %.2g)",
                what,
                ControlCharacters.escape(from.classNames().get(c)),
                before[c],
                1.0 / smallest));
      }
    }
  }
}
