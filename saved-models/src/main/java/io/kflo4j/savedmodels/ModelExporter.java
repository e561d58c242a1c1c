package io.kflo4j.savedmodels;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.common.files.OutputDirectories;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.deploy.BatchNormFolding;
import io.kflo4j.savedmodels.deploy.DeployedGraph;
import io.kflo4j.savedmodels.deploy.DeployedLayout;
import io.kflo4j.savedmodels.metadata.ExportMetadata;
import io.kflo4j.savedmodels.onnx.OnnxExport;
import io.kflo4j.savedmodels.onnx.OnnxFormat;
import io.kflo4j.savedmodels.onnx.OnnxPolicy;
import io.kflo4j.savedmodels.onnx.UnsupportedGraphException;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.ModelProto;
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
 * Exports a trained network (any parameterization) as a SavedModel of the plain architecture, as
 * ONNX ({@code model.onnx}), or both ({@link ExportFormat}), then verifies what it wrote.
 *
 * <p>Steps: build the inference graph of the plain architecture ({@link DeployedGraph}, batch norms
 * folded on request), set its variables to the collapsed weights, write the SavedModel and its
 * metadata asset into a temporary directory next to the target, check its variables ({@link
 * ContentCheck}) and its logits against the trained network ({@link Equivalence}); for ONNX,
 * translate the same graph ({@link OnnxExport}), write {@code model.onnx} beside, check it as a
 * loaded model is checked ({@link OnnxPolicy}) and compare ONNX Runtime's logits with the trained
 * network's the same way; only then rename the directory to the target. Any failure deletes the
 * temporary directory and leaves the target as it was.
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
    ExportFormat format = request.format();
    Path temporary = null;
    try {
      Files.createDirectories(target.getParent());
      temporary = ExportStaging.createStaging(target);
      ModelProto onnx = null;
      try (DeployedGraph graph =
          DeployedGraph.build(request.spec(), request.normalization(), request.foldBatchNorm())) {
        graph.assign(values);
        beforeWrite.accept(graph);
        if (format.savedModel()) {
          graph.export(temporary);
        }
        if (format.onnx()) {
          onnx = onnxModel(request, graph, values, metadata);
        }
      }
      Optional<ExportReport.SavedModelChecks> savedModel = Optional.empty();
      if (format.savedModel()) {
        savedModel = Optional.of(writeSavedModelFiles(request, temporary, layout));
        metadata = verified(request, savedModel.get().equivalence());
        writeMetadata(temporary, metadata);
      }
      Optional<ExportReport.OnnxChecks> onnxChecks = Optional.empty();
      if (format.onnx()) {
        onnxChecks = Optional.of(writeOnnx(request, temporary, onnx));
        if (!format.savedModel()) {
          metadata = verified(request, onnxChecks.get().equivalence());
        }
      }
      moveIntoPlace(temporary, target, request.force());
      temporary = null;
      ExportReport report =
          new ExportReport(
              target,
              metadata,
              savedModel,
              onnxChecks.map(
                  checks ->
                      new ExportReport.OnnxChecks(
                          target.resolve(OnnxFormat.MODEL_FILE),
                          checks.graph(),
                          checks.equivalence())),
              Duration.ofNanos(System.nanoTime() - start));
      LOG.info("exported {} to {} ({})", request.spec(), target, report.equivalence());
      return report;
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
   * Registers the metadata asset of the SavedModel written into {@code directory}, then checks its
   * variables and its logits against the trained network.
   *
   * @throws SavedModelException if the logits differ
   */
  private static ExportReport.SavedModelChecks writeSavedModelFiles(
      ExportRequest request, Path directory, DeployedLayout layout) throws IOException {
    Files.createDirectories(directory.resolve(SavedModelFiles.ASSETS));
    writeMetadata(directory, metadata(request, Optional.empty()));
    SavedModelFiles.registerAsset(
        directory, DeployedGraph.METADATA_ASSET_TENSOR, ExportMetadata.ASSET_FILE);
    ContentCheck.Report content = ContentCheck.check(directory, layout);
    Equivalence equivalence;
    try (ExportedModel exported = ExportedModel.load(directory)) {
      equivalence = verify(request, exported, "verifying export ");
    }
    return new ExportReport.SavedModelChecks(content, equivalence);
  }

  /** The ONNX translation of {@code graph}, refused with the spec named when not translatable. */
  private static ModelProto onnxModel(
      ExportRequest request,
      DeployedGraph graph,
      Map<String, float[]> values,
      ExportMetadata metadata) {
    try {
      return OnnxExport.model(graph, values, metadata);
    } catch (UnsupportedGraphException e) {
      throw new UnsupportedGraphException(
          "cannot export " + request.spec() + " as ONNX: " + e.getMessage());
    }
  }

  /**
   * Writes {@code model.onnx} into {@code directory}, checks it as any ONNX model is checked on
   * load, runs it in ONNX Runtime against the trained network, and writes it again with its
   * verification in its metadata (nothing else changes: the graph written is compared with the one
   * verified).
   *
   * @throws SavedModelException if the logits differ
   */
  private static ExportReport.OnnxChecks writeOnnx(
      ExportRequest request, Path directory, ModelProto model) throws IOException {
    Path file = directory.resolve(OnnxFormat.MODEL_FILE);
    AtomicFiles.write(file, model.toByteArray());
    Equivalence equivalence;
    OnnxPolicy.Report graph;
    try (OnnxModel onnx = OnnxModel.load(file)) {
      graph = OnnxPolicy.check(onnx.model(), file);
      equivalence = verify(request, onnx, "verifying ONNX export ");
    }
    ModelProto verified = OnnxExport.withMetadata(model, verified(request, equivalence));
    AtomicFiles.write(file, verified.toByteArray());
    try (OnnxModel written = OnnxModel.load(file)) {
      if (!written.model().getGraph().equals(model.getGraph())) {
        throw new SavedModelException(file + " changed while it was written");
      }
    }
    return new ExportReport.OnnxChecks(file, graph, equivalence);
  }

  /**
   * Compares {@code model}'s logits with the trained network's on the request's images.
   *
   * @throws SavedModelException if they differ beyond {@link Equivalence#TOLERANCE} or a class
   *     differs
   */
  private static Equivalence verify(ExportRequest request, InferenceModel model, String task) {
    Equivalence equivalence =
        Equivalence.measure(
            model,
            request.reference(),
            request.normalization(),
            request.verificationImages(),
            request.imageSource(),
            task + request.target().getFileName(),
            request.progress());
    if (!equivalence.passed()) {
      throw new SavedModelException(
          "export of "
              + request.spec()
              + (model instanceof OnnxModel ? " as ONNX" : "")
              + " failed verification: "
              + equivalence
              + "; nothing was written to "
              + request.target());
    }
    return equivalence;
  }

  private static ExportMetadata verified(ExportRequest request, Equivalence equivalence) {
    return metadata(
        request,
        Optional.of(
            new ExportMetadata.Verification(
                equivalence.images(), equivalence.imageSource(), equivalence.maxAbsDifference())));
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
              + ": it is not a kflo4j export (it holds neither "
              + SavedModelFiles.SAVED_MODEL_PB
              + " and "
              + SavedModelFiles.ASSETS
              + "/"
              + ExportMetadata.ASSET_FILE
              + " nor "
              + OnnxFormat.MODEL_FILE
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
