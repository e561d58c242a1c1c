package io.kflo4j.transfer.run;

import io.kflo4j.common.progress.ProgressReporter;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.savedmodels.ExportReport;
import io.kflo4j.savedmodels.ExportRequest;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.ModelExporter;
import io.kflo4j.savedmodels.ModelVerifier;
import io.kflo4j.savedmodels.ReplacedDirectories;
import io.kflo4j.savedmodels.SavedModelFiles;
import io.kflo4j.savedmodels.VerificationImages;
import io.kflo4j.training.checkpoint.TrainedModel;
import io.kflo4j.training.run.RunLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Export and verification of training runs: {@link ModelExporter} and {@link ModelVerifier} fed
 * from a run directory through {@link TrainedModel} (the last checkpoint, EMA weights when the run
 * kept an EMA). {@link #export} is the one way a run is exported ({@code kflo export}, {@code kflo
 * transfer}, the quickstart, the examples); {@link #ensureExported} is it for the steps of a
 * pipeline, which skip a finished export.
 */
public final class RunExports {
  private static final Logger LOG = LogManager.getLogger(RunExports.class);

  private RunExports() {}

  /**
   * Exports a run and verifies what was written (the ONNX file in ONNX Runtime). The run is locked
   * while it is exported ({@link RunLock}: not while another process trains it).
   */
  public static ExportReport export(RunExport export) {
    ReplacedDirectories.checkNotHolding(
        export.target(), "export to", Map.of(export.run(), "the run exported"));
    ModelExporter.prepareTarget(export.target(), export.force());
    try (RunLock lock = lock(export.run());
        TrainedModel trained = TrainedModel.open(export.run())) {
      VerificationImages images =
          VerificationImages.choose(
              trained.dataset(),
              export.dataDir().orElse(null),
              export.verificationImages(),
              trained.spec().numClasses());
      return ModelExporter.export(
          request(trained)
              .setTarget(export.target())
              .setVerificationImages(images.images(), images.source())
              .optSourceModels(export.sourceModels())
              .optFoldBatchNorm(export.foldBatchNorm())
              .optForce(export.force())
              .optFormat(export.format())
              .optProgress(export.progress())
              .build());
    }
  }

  /**
   * Exports a run unless a loadable export is at the target already (replacing one that is not):
   * calling it again after it finished does nothing.
   *
   * @return the export directory
   */
  public static Path ensureExported(RunExport export) throws IOException {
    try (RunLock lock = RunLock.acquire(export.run())) {
      Path target = export.target();
      if (Files.isRegularFile(target.resolve(SavedModelFiles.SAVED_MODEL_PB))) {
        try (ExportedModel existing = ExportedModel.load(target)) {
          LOG.info("{}: already exported", target);
          return target;
        } catch (RuntimeException e) {
          LOG.warn("{}: existing export is unusable ({}); exporting again", target, e.getMessage());
        }
      }
      LOG.info("{}", export(export.withForce(true)).format());
      return target;
    }
  }

  /**
   * An export request for a trained model: its spec, collapsed weights, network (the reference),
   * classes, data set, final test accuracy and run directory. The caller adds the target, the
   * verification images and options.
   */
  private static ExportRequest.Builder request(TrainedModel trained) {
    OptionalDouble top1 = trained.finalTestTop1();
    if (top1.isPresent() && Double.isNaN(top1.getAsDouble())) {
      top1 = OptionalDouble.empty();
    }
    return ExportRequest.builder()
        .setSpec(trained.spec())
        .setDeployedValues(trained.deployedValues())
        .setReference(trained::logits)
        .setClassNames(trained.classNames())
        .setDataset(trained.dataset())
        .optNormalization(Normalization.standard())
        .optTestAccuracy(top1)
        .optSourceRun(trained.runDirectory().toAbsolutePath().normalize().toString());
  }

  /**
   * Locks the run while it is exported; a directory that is not there is named by {@link
   * TrainedModel#open}.
   */
  private static RunLock lock(Path runDirectory) {
    if (!Files.isDirectory(runDirectory)) {
      return null;
    }
    try {
      return RunLock.acquire(runDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Verifies the exported model in {@code modelDirectory} against the run it came from. */
  public static ModelVerifier.Report verify(
      Path modelDirectory,
      Path runDirectory,
      Path dataDirOrNull,
      int verificationImages,
      ProgressReporter progress) {
    try (ExportedModel model = ExportedModel.load(modelDirectory);
        TrainedModel trained = TrainedModel.open(runDirectory)) {
      VerificationImages images =
          VerificationImages.choose(
              trained.dataset(), dataDirOrNull, verificationImages, trained.spec().numClasses());
      return ModelVerifier.verify(
          model, trained.spec(), trained::logits, images.images(), images.source(), progress);
    }
  }
}
