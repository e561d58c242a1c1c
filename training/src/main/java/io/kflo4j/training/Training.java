package io.kflo4j.training;

import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.Teacher;
import io.kflo4j.training.loop.Trainer;
import io.kflo4j.training.loop.TrainingData;
import io.kflo4j.training.loop.TrainingDataLoader;
import io.kflo4j.training.loop.WeightInitializer;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.run.RunDirectory;
import io.kflo4j.training.run.RunLock;
import io.kflo4j.training.run.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
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
   * {@link #ensureTrained(TrainConfig, WeightInitializer, Function, List)} on the configuration's
   * data, without teachers.
   */
  public static RunSummary ensureTrained(TrainConfig config, WeightInitializer initializer)
      throws IOException {
    return ensureTrained(config, initializer, TrainingDataLoader::load, List.of());
  }

  /**
   * Trains {@code config}'s run to its last epoch as its directory's state says ({@link RunState}):
   * nothing when it is finished, a resume after its last checkpoint, a new run (started over when
   * an earlier start left no checkpoint) otherwise. The steps of a pipeline ({@code kflo transfer},
   * the quickstart) call it again after an interruption.
   *
   * @param initializer sets the weights of a new run
   * @param data loads the run's data (not called for a finished run)
   * @param teachers the teachers its configuration names, if it distills
   * @throws IllegalStateException if the run was started with another configuration
   */
  public static RunSummary ensureTrained(
      TrainConfig config,
      WeightInitializer initializer,
      Function<TrainConfig, TrainingData> data,
      List<Teacher> teachers)
      throws IOException {
    Path run = config.runPath();
    try (RunLock lock = Files.isDirectory(run) ? RunLock.acquire(run) : null) {
      RunState state = RunState.read(run);
      state.checkContinuedWith(config);
      return advance(state, lock, config, data, initializer, teachers);
    }
  }

  /**
   * Continues the run in {@code runDirectory} after its last checkpoint (or from its start when it
   * has none yet, see {@link RunState}), with the configuration it was started with ({@code
   * config.json}), in {@code runDirectory} itself: a run that was moved or copied continues where
   * it is now (see {@link RunState#config}). The directory is locked ({@link RunLock}: a run
   * another process trains is refused) and its state read before the data are loaded.
   */
  public static RunSummary resume(Path runDirectory) throws IOException {
    return resume(
        runDirectory,
        config -> {
          refuseDistillation(runDirectory, config);
          return TrainingDataLoader.load(config);
        },
        List.of());
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
    return resume(runDirectory, config -> data, teachers);
  }

  private static RunSummary resume(
      Path runDirectory, Function<TrainConfig, TrainingData> data, List<Teacher> teachers)
      throws IOException {
    if (!Files.isDirectory(runDirectory)) {
      throw new IllegalArgumentException(
          "cannot resume " + runDirectory + ": no such run directory");
    }
    Path absolute = runDirectory.toAbsolutePath().normalize();
    RunDirectory.check(absolute.getParent(), absolute.getFileName().toString(), true);
    try (RunLock lock = RunLock.acquire(runDirectory)) {
      RunState state = RunState.read(runDirectory);
      return advance(state, lock, state.config(), data, WeightInitializer.fromSeed(), teachers);
    }
  }

  /**
   * Does what the run's state asks for next; the data are loaded before anything is changed.
   *
   * @param lock the run directory's lock, or null when there is no directory yet
   */
  private static RunSummary advance(
      RunState state,
      RunLock lock,
      TrainConfig config,
      Function<TrainConfig, TrainingData> data,
      WeightInitializer initializer,
      List<Teacher> teachers)
      throws IOException {
    if (state.next() == RunState.Next.FINISHED) {
      LOG.info("{}: already trained ({} epochs)", state.directory(), config.schedule().epochs());
      return state.summary();
    }
    TrainingData loaded = data.apply(config);
    state.checkResumedOn(loaded.classNames());
    if (lock != null) {
      state.prepare(lock);
    }
    boolean resume = state.next() == RunState.Next.RESUME;
    return new Trainer(
            config,
            loaded,
            ProgressReporters.auto(),
            resume ? WeightInitializer.fromSeed() : initializer,
            teachers)
        .run(resume);
  }

  private static void refuseDistillation(Path runDirectory, TrainConfig config) {
    if (config.optimizer().distillation().isPresent()) {
      throw new IllegalArgumentException(
          "cannot resume "
              + runDirectory
              + " here: it distills from teacher models (--distill-from); run the same kflo"
              + " transfer command again, which resumes it");
    }
  }
}
