package io.kflo4j.training;

import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.ResumeCheck;
import io.kflo4j.training.loop.Teacher;
import io.kflo4j.training.loop.Trainer;
import io.kflo4j.training.loop.TrainingData;
import io.kflo4j.training.loop.TrainingDataLoader;
import io.kflo4j.training.loop.WeightInitializer;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.progress.ProgressReporters;
import io.kflo4j.training.run.RunClassNames;
import io.kflo4j.training.run.RunDirectory;
import io.kflo4j.training.run.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The training module's entry point: load a configuration's data and run it, with progress on the
 * terminal.
 */
public final class Training {
  private static final Logger LOG = LogManager.getLogger(Training.class);

  private Training() {}

  /** Trains a new run from the seed's initial weights. */
  public static RunSummary train(TrainConfig config) throws IOException {
    return train(config, WeightInitializer.fromSeed());
  }

  /**
   * Trains a new run whose weights {@code initializer} sets (e.g. transferred kernels). The run
   * directory is checked (absent or empty, writable) before the data are loaded.
   */
  public static RunSummary train(TrainConfig config, WeightInitializer initializer)
      throws IOException {
    RunDirectory.check(config.run().outDir(), config.run().runName(), false);
    return train(config, TrainingDataLoader.load(config), initializer);
  }

  /**
   * Trains a new run on data already loaded (tests, or callers that load data once for several
   * runs).
   */
  public static RunSummary train(
      TrainConfig config, TrainingData data, WeightInitializer initializer) throws IOException {
    return train(config, data, initializer, List.of());
  }

  /** A new run on loaded data, distilling from {@code teachers} (those its configuration names). */
  public static RunSummary train(
      TrainConfig config, TrainingData data, WeightInitializer initializer, List<Teacher> teachers)
      throws IOException {
    return new Trainer(config, data, ProgressReporters.auto(), initializer, teachers).run(false);
  }

  /**
   * Continues the run in {@code runDirectory} after its last checkpoint (or from its start when it
   * has none yet), with the configuration it was started with ({@code config.json}), in {@code
   * runDirectory} itself: a run that was moved or copied continues where it is now (see {@link
   * #readConfig}). The directory is locked ({@link RunLock}: a run another process trains is
   * refused), and it and the checkpoint are checked ({@link ResumeCheck}) before the data are
   * loaded.
   */
  public static RunSummary resume(Path runDirectory) throws IOException {
    TrainConfig config = readConfig(runDirectory);
    if (config.optimizer().distillation().isPresent()) {
      throw new IllegalArgumentException(
          "cannot resume "
              + runDirectory
              + " here: it distills from teacher models (--distill-from); run the same kflo"
              + " transfer command again, which resumes it");
    }
    RunDirectory.check(config.run().outDir(), config.run().runName(), true);
    try (RunLock lock = RunLock.acquire(runDirectory)) {
      ResumeCheck.check(runDirectory);
      return resume(runDirectory, TrainingDataLoader.load(config));
    }
  }

  /**
   * Continues a run on data already loaded.
   *
   * @throws IllegalArgumentException if the data's classes are not the ones the run started with (a
   *     folder data set whose class folders changed)
   */
  public static RunSummary resume(Path runDirectory, TrainingData data) throws IOException {
    return resume(runDirectory, data, List.of());
  }

  /**
   * Continues a run on data already loaded, distilling from {@code teachers} (those its
   * configuration names).
   */
  public static RunSummary resume(Path runDirectory, TrainingData data, List<Teacher> teachers)
      throws IOException {
    TrainConfig config = readConfig(runDirectory);
    try (RunLock lock = RunLock.acquire(runDirectory)) {
      return resumeLocked(runDirectory, config, data, teachers);
    }
  }

  private static RunSummary resumeLocked(
      Path runDirectory, TrainConfig config, TrainingData data, List<Teacher> teachers)
      throws IOException {
    ResumeCheck.check(runDirectory);
    if (Files.isRegularFile(runDirectory.resolve(RunClassNames.FILE_NAME))) {
      List<String> started = RunClassNames.read(runDirectory);
      if (!started.equals(data.classNames())) {
        throw new IllegalArgumentException(
            "cannot resume "
                + runDirectory
                + ": it started on the classes "
                + started
                + ", "
                + config.data().dataset()
                + " now has "
                + data.classNames());
      }
    }
    TrainConfig recorded = TrainConfig.read(runDirectory.resolve(RunDirectory.CONFIG_FILE));
    if (!recorded.equals(config)) {
      LOG.info(
          "{} was started in {}: resuming it where it is now",
          config.runPath(),
          recorded.runPath());
      config.write(runDirectory.resolve(RunDirectory.CONFIG_FILE));
    }
    return new Trainer(
            config, data, ProgressReporters.auto(), WeightInitializer.fromSeed(), teachers)
        .run(true);
  }

  /**
   * The configuration of the run in {@code runDirectory}, placed where the run is now: {@code
   * config.json} records the directory the run was started in, and a run moved or copied since
   * belongs where it is, never in the original.
   *
   * @throws IllegalArgumentException naming the directory when it is not a run
   */
  public static TrainConfig readConfig(Path runDirectory) throws IOException {
    if (!Files.isDirectory(runDirectory)) {
      throw new IllegalArgumentException(
          "cannot resume " + runDirectory + ": no such run directory");
    }
    Path file = runDirectory.resolve(RunDirectory.CONFIG_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "cannot resume " + runDirectory + ": it has no " + RunDirectory.CONFIG_FILE);
    }
    TrainConfig recorded = TrainConfig.read(file);
    Path here = runDirectory.toAbsolutePath().normalize();
    if (recorded.runPath().toAbsolutePath().normalize().equals(here)) {
      return recorded;
    }
    return recorded.toBuilder()
        .run(r -> r.outDir(here.getParent()).runName(here.getFileName().toString()))
        .build();
  }
}
