package io.kflo4j.transfer.run;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.savedmodels.ExportReport;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.ModelExporter;
import io.kflo4j.savedmodels.RunExports;
import io.kflo4j.savedmodels.SavedModelFiles;
import io.kflo4j.savedmodels.VerificationImages;
import io.kflo4j.training.Training;
import io.kflo4j.training.checkpoint.TrainedModel;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.Teacher;
import io.kflo4j.training.loop.TrainingData;
import io.kflo4j.training.loop.TrainingDataLoader;
import io.kflo4j.training.loop.WeightInitializer;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.progress.ProgressReporters;
import io.kflo4j.training.run.RunDirectory;
import io.kflo4j.training.run.RunLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Idempotent, resumable steps of a pipeline: train a configuration to its last epoch (resuming a
 * checkpoint when one is there), then export and verify it. Calling a step again after it finished
 * does nothing.
 */
public final class RunSteps {
  /** The exported (collapsed, verified) model inside a run directory. */
  public static final String MODEL_DIR = "model";

  private static final Logger LOG = LogManager.getLogger(RunSteps.class);

  private RunSteps() {}

  /**
   * Trains {@code config} to its last epoch: nothing when already done, a resume after the last
   * checkpoint when interrupted, a fresh run (a directory without any checkpoint is cleared)
   * otherwise.
   */
  public static RunSummary ensureTrained(TrainConfig config, WeightInitializer initializer)
      throws IOException {
    return ensureTrained(config, initializer, TrainingDataLoader::load);
  }

  /** {@link #ensureTrained(TrainConfig, WeightInitializer)} with the data from {@code data}. */
  public static RunSummary ensureTrained(
      TrainConfig config, WeightInitializer initializer, Function<TrainConfig, TrainingData> data)
      throws IOException {
    return ensureTrained(config, initializer, data, List.of());
  }

  /**
   * {@link #ensureTrained(TrainConfig, WeightInitializer, Function)} distilling from {@code
   * teachers} (those the configuration names).
   */
  public static RunSummary ensureTrained(
      TrainConfig config,
      WeightInitializer initializer,
      Function<TrainConfig, TrainingData> data,
      List<Teacher> teachers)
      throws IOException {
    Path run = config.runPath();
    if (!Files.isDirectory(run)) {
      return Training.train(config, data.apply(config), initializer, teachers);
    }
    try (RunLock lock = RunLock.acquire(run)) {
      Optional<Path> checkpoint =
          AtomicFiles.recoverDirectory(run.resolve(RunDirectory.CHECKPOINT_DIR));
      if (checkpoint.isPresent()) {
        return continueTrained(config, data, teachers);
      }
      LOG.info("{}: no checkpoint yet, starting over", run);
      lock.clearDirectory();
      return Training.train(config, data.apply(config), initializer, teachers);
    }
  }

  /** A run with a checkpoint: nothing when all epochs are done, else a resume. */
  private static RunSummary continueTrained(
      TrainConfig config, Function<TrainConfig, TrainingData> data, List<Teacher> teachers)
      throws IOException {
    Path run = config.runPath();
    TrainConfig existing = Training.readConfig(run);
    if (!existing.equals(config)) {
      throw new IllegalStateException(
          "run "
              + run
              + " was started with another configuration; remove it or "
              + "choose another --out (existing: "
              + existing.toJson()
              + ")");
    }
    Path summary = run.resolve(RunDirectory.SUMMARY_FILE);
    if (Files.isRegularFile(summary)
        && RunSummary.read(summary).epochsDone() >= config.schedule().epochs()) {
      LOG.info("{}: already trained ({} epochs)", run, config.schedule().epochs());
      return RunSummary.read(summary);
    }
    return Training.resume(run, data.apply(config), teachers);
  }

  /**
   * Exports the run's collapsed model into {@code run/model} and verifies it, unless a loadable
   * export is there.
   *
   * @param sourceModels the transfer sources to record in the metadata (empty for a run from
   *     scratch)
   */
  public static Path ensureExported(Path run, Optional<Path> dataDir, List<String> sourceModels)
      throws IOException {
    try (RunLock lock = RunLock.acquire(run)) {
      return exportLocked(run, dataDir, sourceModels);
    }
  }

  private static Path exportLocked(Path run, Optional<Path> dataDir, List<String> sourceModels) {
    Path target = run.resolve(MODEL_DIR);
    if (Files.isRegularFile(target.resolve(SavedModelFiles.SAVED_MODEL_PB))) {
      try (ExportedModel existing = ExportedModel.load(target)) {
        LOG.info("{}: already exported", target);
        return target;
      } catch (RuntimeException e) {
        LOG.warn("{}: existing export is unusable ({}); exporting again", target, e.getMessage());
      }
    }
    try (TrainedModel trained = TrainedModel.open(run)) {
      VerificationImages images =
          VerificationImages.choose(
              trained.dataset(),
              dataDir.orElse(null),
              VerificationImages.DEFAULT_COUNT,
              trained.spec().numClasses());
      ExportReport report =
          ModelExporter.export(
              RunExports.request(trained)
                  .setTarget(target)
                  .setVerificationImages(images.images(), images.source())
                  .optSourceModels(sourceModels)
                  .optForce(true)
                  .optProgress(ProgressReporters.auto())
                  .build());
      LOG.info("{}", report.format());
      return target;
    }
  }
}
