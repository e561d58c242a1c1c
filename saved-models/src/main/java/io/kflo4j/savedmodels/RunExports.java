package io.kflo4j.savedmodels;

import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.training.checkpoint.TrainedModel;
import io.kflo4j.training.progress.ProgressReporter;
import io.kflo4j.training.run.RunLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Export and verification of training runs: {@link ModelExporter} and {@link ModelVerifier} fed
 * from a run directory through {@link TrainedModel} (the last checkpoint, EMA weights when the run
 * kept an EMA).
 */
public final class RunExports {
  private RunExports() {}

  /**
   * An export request for a trained model: its spec, collapsed weights, network (the reference),
   * classes, data set, final test accuracy and run directory. The caller adds the target, the
   * verification images and options.
   */
  public static ExportRequest.Builder request(TrainedModel trained) {
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
   * Exports the run in {@code runDirectory} to {@code target} and verifies it.
   *
   * @param dataDirOrNull where to look for the test set used for verification ({@code null}: the
   *     default)
   * @param verificationImages how many images to verify on (at least 512; 0 for the whole test set)
   */
  public static ExportReport export(
      Path runDirectory,
      Path target,
      boolean foldBatchNorm,
      boolean force,
      Path dataDirOrNull,
      int verificationImages,
      ProgressReporter progress) {
    return export(
        runDirectory,
        target,
        foldBatchNorm,
        force,
        ExportFormat.SAVEDMODEL,
        dataDirOrNull,
        verificationImages,
        progress);
  }

  /**
   * Exports the run in {@code runDirectory} to {@code target} in {@code format} and verifies what
   * was written (the ONNX file in ONNX Runtime).
   *
   * @param dataDirOrNull where to look for the test set used for verification ({@code null}: the
   *     default)
   * @param verificationImages how many images to verify on (at least 512; 0 for the whole test set)
   */
  public static ExportReport export(
      Path runDirectory,
      Path target,
      boolean foldBatchNorm,
      boolean force,
      ExportFormat format,
      Path dataDirOrNull,
      int verificationImages,
      ProgressReporter progress) {
    ReplacedDirectories.checkNotHolding(
        target, "export to", Map.of(runDirectory, "the run exported"));
    ModelExporter.prepareTarget(target, force);
    try (RunLock lock = lock(runDirectory);
        TrainedModel trained = TrainedModel.open(runDirectory)) {
      VerificationImages images =
          VerificationImages.choose(
              trained.dataset(), dataDirOrNull, verificationImages, trained.spec().numClasses());
      return ModelExporter.export(
          request(trained)
              .setTarget(target)
              .setVerificationImages(images.images(), images.source())
              .optFoldBatchNorm(foldBatchNorm)
              .optForce(force)
              .optFormat(format)
              .optProgress(progress)
              .build());
    }
  }

  /**
   * Locks the run while it is exported ({@link RunLock}: not while another process trains it); a
   * directory that is not there is named by {@link TrainedModel#open}.
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
