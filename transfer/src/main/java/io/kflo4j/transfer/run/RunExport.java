package io.kflo4j.transfer.run;

import io.kflo4j.common.progress.ProgressReporter;
import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.savedmodels.ExportFormat;
import io.kflo4j.savedmodels.VerificationImages;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link RunExports#export} exports from a training run, and how: {@link #of} gives the
 * defaults ({@code kflo export}'s), the {@code with} methods change one setting each.
 *
 * @param run the run directory
 * @param target the export directory
 * @param format SavedModel, ONNX or both
 * @param foldBatchNorm whether batch norms are folded into the kernels
 * @param force whether an earlier export at {@code target} is replaced
 * @param dataDir where to look for the test set the export is verified on (empty: the default data
 *     directory)
 * @param verificationImages how many images to verify on (at least 512; 0 for the whole test set)
 * @param sourceModels the transfer sources recorded in the metadata (empty for a run from scratch)
 * @param progress where the verification's progress goes
 */
public record RunExport(
    Path run,
    Path target,
    ExportFormat format,
    boolean foldBatchNorm,
    boolean force,
    Optional<Path> dataDir,
    int verificationImages,
    List<String> sourceModels,
    ProgressReporter progress) {

  /** Copies the list. */
  public RunExport {
    sourceModels = List.copyOf(sourceModels);
  }

  /**
   * The run in {@code run} exported to {@code target} as a SavedModel, batch norms kept, verified
   * on {@value VerificationImages#DEFAULT_COUNT} test images of the default data directory, with
   * progress on the terminal or in the log.
   */
  public static RunExport of(Path run, Path target) {
    return new RunExport(
        run,
        target,
        ExportFormat.SAVEDMODEL,
        false,
        false,
        Optional.empty(),
        VerificationImages.DEFAULT_COUNT,
        List.of(),
        ProgressReporters.auto());
  }

  /** The exported (collapsed, verified) model inside a run directory, where pipelines put it. */
  public static final String MODEL_DIR = "model";

  /**
   * The run in {@code run} exported into its own {@value #MODEL_DIR} directory (see {@link #of}).
   */
  public static RunExport intoRun(Path run) {
    return of(run, run.resolve(MODEL_DIR));
  }

  /** This export in {@code newFormat}. */
  public RunExport withFormat(ExportFormat newFormat) {
    return new RunExport(
        run,
        target,
        newFormat,
        foldBatchNorm,
        force,
        dataDir,
        verificationImages,
        sourceModels,
        progress);
  }

  /** This export with batch norms folded or not. */
  public RunExport withFoldBatchNorm(boolean fold) {
    return new RunExport(
        run, target, format, fold, force, dataDir, verificationImages, sourceModels, progress);
  }

  /** This export replacing an earlier one at its target, or not. */
  public RunExport withForce(boolean replace) {
    return new RunExport(
        run,
        target,
        format,
        foldBatchNorm,
        replace,
        dataDir,
        verificationImages,
        sourceModels,
        progress);
  }

  /** This export verified on the test set in {@code directory} (empty: the default). */
  public RunExport withDataDir(Optional<Path> directory) {
    return new RunExport(
        run,
        target,
        format,
        foldBatchNorm,
        force,
        directory,
        verificationImages,
        sourceModels,
        progress);
  }

  /** This export verified on {@code images} test images (0: the whole test set). */
  public RunExport withVerificationImages(int images) {
    return new RunExport(
        run, target, format, foldBatchNorm, force, dataDir, images, sourceModels, progress);
  }

  /** This export recording {@code sources} as the models its run was transferred from. */
  public RunExport withSourceModels(List<String> sources) {
    return new RunExport(
        run, target, format, foldBatchNorm, force, dataDir, verificationImages, sources, progress);
  }

  /** This export reporting its progress to {@code reporter}. */
  public RunExport withProgress(ProgressReporter reporter) {
    return new RunExport(
        run,
        target,
        format,
        foldBatchNorm,
        force,
        dataDir,
        verificationImages,
        sourceModels,
        reporter);
  }
}
