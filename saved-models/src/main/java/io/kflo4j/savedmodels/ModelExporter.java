package io.kflo4j.savedmodels;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.savedmodels.deploy.BatchNormFolding;
import io.kflo4j.savedmodels.deploy.DeployedGraph;
import io.kflo4j.savedmodels.deploy.DeployedLayout;
import io.kflo4j.savedmodels.metadata.ExportMetadata;
import io.kflo4j.training.run.OutputDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Exports a trained network (any parameterization) as a SavedModel of the plain architecture, then
 * verifies it.
 *
 * <p>Steps: build the inference graph of the plain architecture ({@link DeployedGraph}, batch norms
 * folded on request), set its variables to the collapsed weights, write the SavedModel and its
 * metadata asset into a temporary directory next to the target, check its variables ({@link
 * ContentCheck}) and its logits against the trained network ({@link Equivalence}), and only then
 * rename it to the target. Any failure deletes the temporary directory and leaves the target as it
 * was.
 */
public final class ModelExporter {
  private static final Logger LOG = LogManager.getLogger(ModelExporter.class);

  private ModelExporter() {}

  /**
   * Exports and verifies.
   *
   * @return what was written and how it was verified
   * @throws SavedModelException if the target exists (without force), the values do not fit the
   *     architecture, the SavedModel holds other variables than its form's, or its logits differ
   *     from the trained network's beyond {@link Equivalence#TOLERANCE} or a predicted class
   *     differs; nothing is left behind then
   */
  public static ExportReport export(ExportRequest request) {
    return export(request, graph -> {});
  }

  /**
   * {@link #export(ExportRequest)} with a hook that may change the graph before it is written (for
   * tests).
   */
  static ExportReport export(ExportRequest request, Consumer<DeployedGraph> beforeWrite) {
    long start = System.nanoTime();
    Path target = request.target();
    prepareTarget(target, request.force());
    DeployedLayout layout = DeployedLayout.of(request.spec(), request.foldBatchNorm());
    Map<String, float[]> values;
    try {
      values = BatchNormFolding.valuesFor(layout, request.deployedValues());
    } catch (IllegalArgumentException e) {
      throw new SavedModelException("cannot export " + request.spec() + ": " + e.getMessage(), e);
    }
    ExportMetadata metadata = metadata(request, Optional.empty());
    Path temporary = null;
    try {
      Files.createDirectories(target.getParent());
      temporary = ExportStaging.createStaging(target);
      try (DeployedGraph graph =
          DeployedGraph.build(request.spec(), request.normalization(), request.foldBatchNorm())) {
        graph.assign(values);
        beforeWrite.accept(graph);
        graph.export(temporary);
      }
      Files.createDirectories(temporary.resolve(SavedModelFiles.ASSETS));
      writeMetadata(temporary, metadata);
      SavedModelFiles.registerAsset(
          temporary, DeployedGraph.METADATA_ASSET_TENSOR, ExportMetadata.ASSET_FILE);

      ContentCheck.Report content = ContentCheck.check(temporary, layout);
      Equivalence equivalence;
      try (ExportedModel exported = ExportedModel.load(temporary)) {
        equivalence =
            Equivalence.measure(
                exported,
                request.reference(),
                request.normalization(),
                request.verificationImages(),
                request.imageSource(),
                "verifying export " + target.getFileName(),
                request.progress());
      }
      if (!equivalence.passed()) {
        throw new SavedModelException(
            "export of "
                + request.spec()
                + " failed verification: "
                + equivalence
                + "; nothing was written to "
                + target);
      }
      metadata =
          metadata(
              request,
              Optional.of(
                  new ExportMetadata.Verification(
                      equivalence.images(),
                      equivalence.imageSource(),
                      equivalence.maxAbsDifference())));
      writeMetadata(temporary, metadata);
      moveIntoPlace(temporary, target, request.force());
      temporary = null;
      LOG.info("exported {} to {} ({})", request.spec(), target, equivalence);
      return new ExportReport(
          target, metadata, content, equivalence, Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new SavedModelException(
          "cannot write " + target + ": " + OutputDirectories.describe(e), e);
    } catch (TensorFlowException e) {
      throw new SavedModelException("cannot export to " + target + ": " + e.getMessage(), e);
    } finally {
      if (temporary != null) {
        deleteQuietly(temporary);
      }
    }
  }

  /**
   * Makes {@code target} ready for an export: cleans up what killed exports of it left beside it
   * ({@link ExportStaging}), then fails when it exists and may not be replaced (without {@code
   * force}; with it, when it is neither empty nor an earlier kflo4j export), or its directory
   * cannot be written.
   *
   * @throws SavedModelException naming the directory
   */
  public static void prepareTarget(Path target, boolean force) {
    Path absolute = target.toAbsolutePath().normalize();
    try {
      ExportStaging.recover(absolute);
    } catch (IOException e) {
      throw new SavedModelException(
          "cannot clean up after an earlier export to "
              + absolute
              + ": "
              + OutputDirectories.describe(e),
          e);
    }
    if (Files.exists(absolute) && !force) {
      throw new SavedModelException(
          "export directory " + absolute + " already exists (use --force to replace it)");
    }
    if (Files.exists(absolute)
        && !ReplacedDirectories.isEmptyDirectory(absolute)
        && !SavedModelFiles.isExport(absolute)) {
      throw new SavedModelException(
          "cannot replace "
              + absolute
              + ": it is not a kflo4j export (it lacks "
              + SavedModelFiles.SAVED_MODEL_PB
              + " or "
              + SavedModelFiles.ASSETS
              + "/"
              + ExportMetadata.ASSET_FILE
              + "); --force replaces only an earlier export");
    }
    try {
      OutputDirectories.checkWritable(absolute.getParent(), "export to " + absolute);
    } catch (IllegalArgumentException e) {
      throw new SavedModelException(e.getMessage(), e);
    }
  }

  private static ExportMetadata metadata(
      ExportRequest request, Optional<ExportMetadata.Verification> verification) {
    try {
      return request.metadata(verification);
    } catch (IllegalArgumentException e) {
      throw new SavedModelException("cannot export " + request.spec() + ": " + e.getMessage(), e);
    }
  }

  private static void writeMetadata(Path directory, ExportMetadata metadata) throws IOException {
    Files.writeString(
        SavedModelFiles.metadataFile(directory), metadata.toJson() + "\n", StandardCharsets.UTF_8);
  }

  /**
   * Renames the finished directory to the target, forced to disk; a replaced target is moved aside
   * first and deleted after.
   */
  private static void moveIntoPlace(Path finished, Path target, boolean force) throws IOException {
    if (Files.exists(target) && !force) {
      throw new SavedModelException(
          "export directory " + target + " already exists (use --force to replace it)");
    }
    AtomicFiles.swapInDirectory(finished, target, ExportStaging.oldSibling(target));
  }

  private static void deleteQuietly(Path path) {
    try {
      AtomicFiles.deleteRecursively(path);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", path, e.getMessage());
    }
  }
}
