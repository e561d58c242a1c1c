package io.kflo4j.training;

import io.kflo4j.training.checkpoint.TrainedModel;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.Trainer;
import io.kflo4j.training.loop.TrainingData;
import io.kflo4j.training.loop.TrainingDataLoader;
import io.kflo4j.training.loop.WeightInitializer;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.progress.ProgressReporters;
import io.kflo4j.training.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The training module's entry point: load a configuration's data and run it, with progress on the terminal. */
public final class Training {
  private Training() {}

  /** Trains a new run from the seed's initial weights. */
  public static RunSummary train(TrainConfig config) throws IOException {
    return train(config, WeightInitializer.fromSeed());
  }

  /** Trains a new run whose weights {@code initializer} sets (e.g. transferred kernels). */
  public static RunSummary train(TrainConfig config, WeightInitializer initializer) throws IOException {
    return train(config, TrainingDataLoader.load(config), initializer);
  }

  /** Trains a new run on data already loaded (tests, or callers that load data once for several runs). */
  public static RunSummary train(TrainConfig config, TrainingData data, WeightInitializer initializer)
      throws IOException {
    return new Trainer(config, data, ProgressReporters.auto(), initializer).run(false);
  }

  /**
   * Continues the run in {@code runDirectory} after its last checkpoint, with the configuration it was started
   * with ({@code config.json}).
   */
  public static RunSummary resume(Path runDirectory) throws IOException {
    TrainConfig config = readConfig(runDirectory);
    return resume(runDirectory, TrainingDataLoader.load(config));
  }

  /**
   * Continues a run on data already loaded.
   *
   * @throws IllegalArgumentException if the data's classes are not the ones the run started with (a folder data
   *     set whose class folders changed)
   */
  public static RunSummary resume(Path runDirectory, TrainingData data) throws IOException {
    TrainConfig config = readConfig(runDirectory);
    if (java.nio.file.Files.isRegularFile(runDirectory.resolve(TrainedModel.CLASS_NAMES_FILE))) {
      List<String> started = TrainedModel.readClassNames(runDirectory);
      if (!started.equals(data.classNames())) {
        throw new IllegalArgumentException("cannot resume " + runDirectory + ": it started on the classes "
            + started + ", " + config.dataset() + " now has " + data.classNames());
      }
    }
    return new Trainer(config, data, ProgressReporters.auto()).run(true);
  }

  /** The configuration a run was started with. */
  public static TrainConfig readConfig(Path runDirectory) throws IOException {
    Path file = runDirectory.resolve(RunDirectory.CONFIG_FILE);
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalArgumentException("cannot resume " + runDirectory + ": it has no " + RunDirectory.CONFIG_FILE);
    }
    return TrainConfig.read(file);
  }
}
