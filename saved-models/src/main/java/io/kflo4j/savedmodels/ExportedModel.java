package io.kflo4j.savedmodels;

import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.deploy.DeployedGraph;
import io.kflo4j.savedmodels.images.Pixels;
import io.kflo4j.savedmodels.metadata.ExportMetadata;
import io.kflo4j.savedmodels.trust.GraphPolicy;
import io.kflo4j.savedmodels.trust.ModelTrust;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * A model exported by kflo4j: its metadata, its variables, and inference through its serving
 * signature.
 *
 * <p>{@link #load} reads and checks the files without running anything, and by default ({@link
 * ModelTrust#CHECKED}) refuses a model whose graph is not kflo4j's plain inference graph ({@link
 * GraphPolicy}): a SavedModel is a program, and TensorFlow's loader runs its main op. The graph
 * runs from the first {@link #classify} or {@link #evaluate} on: checked, it is read and checked
 * again and the checked bytes themselves are imported ({@link CheckedSession}; TensorFlow's loader
 * never reads the file, so a file swapped after the check never runs); trusted, TensorFlow's loader
 * loads it. {@link #readVariables} never runs it (it restores the checkpoint into a fresh graph
 * that holds nothing but variables), so transfer learning does not execute the file's graph. Not
 * thread-safe; close it to free the native session.
 */
public final class ExportedModel implements InferenceModel {
  private final Path directory;
  private final ExportMetadata metadata;
  private final Map<String, long[]> variableShapes;
  private final ModelTrust trust;
  private final Optional<String> graphViolation;
  private Serving serving;

  private ExportedModel(
      Path directory,
      ExportMetadata metadata,
      MetaGraphDef metaGraph,
      ModelTrust trust,
      Optional<String> graphViolation) {
    this.directory = directory;
    this.metadata = metadata;
    this.variableShapes = Collections.unmodifiableMap(SavedModelFiles.variables(metaGraph));
    this.trust = trust;
    this.graphViolation = graphViolation;
  }

  /**
   * {@link #load(Path, ModelTrust)} with {@link ModelTrust#CHECKED}: only kflo4j's plain inference
   * graph runs.
   */
  public static ExportedModel load(Path directory) {
    return load(directory, ModelTrust.CHECKED);
  }

  /**
   * Opens an exported model.
   *
   * @param trust {@link ModelTrust#CHECKED} refuses a graph that is not kflo4j's plain inference
   *     graph here, before TensorFlow sees it; {@link ModelTrust#VARIABLES_ONLY} never runs the
   *     graph; {@link ModelTrust#TRUSTED} runs it whatever it holds
   * @throws SavedModelException naming the directory or file when the directory is missing, is not
   *     a complete SavedModel, cannot be parsed, has no serving signature, or lacks readable kflo4j
   *     metadata of a known version
   * @throws io.kflo4j.savedmodels.trust.UntrustedModelException when checked and the graph holds
   *     anything else than the plain inference graph, naming the first offending op
   */
  public static ExportedModel load(Path directory, ModelTrust trust) {
    Path dir = directory.toAbsolutePath().normalize();
    SavedModel savedModel = SavedModelFiles.read(dir);
    if (trust == ModelTrust.CHECKED) {
      GraphPolicy.check(savedModel, dir);
    }
    MetaGraphDef metaGraph = SavedModelFiles.servingMetaGraph(savedModel, dir);
    Path metadataFile = SavedModelFiles.metadataFile(dir);
    if (!Files.isRegularFile(metadataFile)) {
      throw new SavedModelException(
          dir
              + " has no "
              + SavedModelFiles.ASSETS
              + "/"
              + ExportMetadata.ASSET_FILE
              + ": it was not exported by kflo4j");
    }
    ExportMetadata metadata;
    try {
      metadata = ExportMetadata.fromJson(Files.readString(metadataFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SavedModelException("cannot read " + metadataFile + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new SavedModelException(metadataFile + ": " + e.getMessage(), e);
    }
    return new ExportedModel(
        dir, metadata, metaGraph, trust, GraphPolicy.firstViolation(savedModel));
  }

  /** The model's directory, absolute. */
  public Path directory() {
    return directory;
  }

  /** The model's directory, absolute. */
  @Override
  public Path location() {
    return directory;
  }

  /** The directory's name. */
  @Override
  public String name() {
    return directory.getFileName().toString();
  }

  @Override
  public ExportMetadata metadata() {
    return metadata;
  }

  /**
   * What the model's graph holds beyond kflo4j's plain inference graph (the first thing found), or
   * empty when it is exactly that graph; see {@link GraphPolicy}.
   */
  public Optional<String> graphViolation() {
    return graphViolation;
  }

  /**
   * The variables the model declares, name to shape, as read from its meta graph (do not change the
   * arrays).
   */
  public Map<String, long[]> variableShapes() {
    return variableShapes;
  }

  /**
   * The values of every variable, by name, restored from the model's checkpoint into a fresh graph
   * holding only variables of the declared names and shapes (nothing of the file's graph runs).
   *
   * @throws SavedModelException if the checkpoint cannot be restored
   */
  public Map<String, float[]> readVariables() {
    VariablesCheckpoint.check(directory, variableShapes);
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Map<String, Operand<TFloat32>> variables = new LinkedHashMap<>();
      variableShapes.forEach(
          (name, shape) ->
              variables.put(name, tf.withName(name).variable(Shape.of(shape), TFloat32.class)));
      session.restore(directory.resolve(SavedModelFiles.VARIABLES_PREFIX).toString());
      return TensorValues.fetch(session, variables);
    } catch (TensorFlowException e) {
      throw new SavedModelException(VariablesCheckpoint.describe(directory, e), e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws SavedModelException if the SavedModel cannot be loaded
   */
  @Override
  public Classification classify(byte[] pixelsNhwc, int count) {
    Serving serving = serving();
    try (TUint8 images = imagesTensor(pixelsNhwc, count);
        Result result =
            serving
                .session
                .runner()
                .feed(serving.input, images)
                .fetch(serving.logits)
                .fetch(serving.probabilities)
                .fetch(serving.classes)
                .run()) {
      float[] logits = checkedLogits((TFloat32) result.get(0), count);
      float[] probabilities = TensorValues.copy((TFloat32) result.get(1));
      TInt64 classTensor = (TInt64) result.get(2);
      int[] predicted = new int[count];
      for (int i = 0; i < count; i++) {
        predicted[i] = Math.toIntExact(classTensor.getLong(i));
      }
      return new Classification(count, metadata.numClasses(), logits, probabilities, predicted);
    }
  }

  /**
   * {@inheritDoc} (The {@code logits} output; softmax and argmax are not run.)
   *
   * @throws SavedModelException if the SavedModel cannot be loaded
   */
  @Override
  public float[] logits(byte[] pixelsNhwc, int count) {
    Serving serving = serving();
    try (TUint8 images = imagesTensor(pixelsNhwc, count);
        Result result =
            serving.session.runner().feed(serving.input, images).fetch(serving.logits).run()) {
      return checkedLogits((TFloat32) result.get(0), count);
    }
  }

  private static TUint8 imagesTensor(byte[] pixelsNhwc, int count) {
    Pixels.checkBatch(pixelsNhwc, count);
    return TUint8.tensorOf(
        Shape.of(count, Pixels.SIDE, Pixels.SIDE, Pixels.CHANNELS),
        DataBuffers.of(pixelsNhwc, true, false));
  }

  private float[] checkedLogits(TFloat32 tensor, int count) {
    return InferenceModel.requireOnePerClass(TensorValues.copy(tensor), count, this);
  }

  /** The running graph (checked or trusted) and its signature's tensors, resolved once. */
  private record Serving(
      AutoCloseable owner,
      Session session,
      Output<?> input,
      Output<?> logits,
      Output<?> probabilities,
      Output<?> classes) {}

  private Serving serving() {
    if (serving == null) {
      if (trust == ModelTrust.VARIABLES_ONLY) {
        throw new SavedModelException(
            directory + " was opened to read its variables only: its graph never runs");
      }
      VariablesCheckpoint.check(directory, variableShapes);
      serving = trust == ModelTrust.CHECKED ? checkedServing() : trustedServing();
    }
    return serving;
  }

  /**
   * The graph checked again now (the files may have changed since {@link #load}), run from the
   * checked bytes themselves: {@code saved_model.pb} is not read a second time.
   */
  private Serving checkedServing() {
    SavedModel savedModel = SavedModelFiles.read(directory);
    GraphPolicy.check(savedModel, directory);
    MetaGraphDef metaGraph = SavedModelFiles.servingMetaGraph(savedModel, directory);
    ModelLoadHook.afterCheck(directory);
    CheckedSession checked = CheckedSession.open(metaGraph, directory);
    try {
      return serving(checked, checked.session(), checked.graph(), metaGraph);
    } catch (RuntimeException e) {
      checked.close();
      throw e;
    }
  }

  /** TensorFlow's own loader, which runs whatever the model holds (the user trusts it). */
  private Serving trustedServing() {
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.load(directory.toString(), DeployedGraph.TAG);
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw new SavedModelException(
          "cannot load SavedModel " + directory + ": " + e.getMessage(), e);
    }
    try {
      return serving(bundle, bundle.session(), bundle.graph(), bundle.metaGraphDef());
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  private Serving serving(AutoCloseable owner, Session session, Graph graph, MetaGraphDef meta) {
    SignatureDef signature = meta.getSignatureDefMap().get(DeployedGraph.SIGNATURE_KEY);
    if (signature == null) {
      throw new SavedModelException(
          directory + " has no '" + DeployedGraph.SIGNATURE_KEY + "' signature");
    }
    return new Serving(
        owner,
        session,
        tensor(graph, signature.getInputsMap(), DeployedGraph.INPUT),
        tensor(graph, signature.getOutputsMap(), DeployedGraph.LOGITS),
        tensor(graph, signature.getOutputsMap(), DeployedGraph.PROBABILITIES),
        tensor(graph, signature.getOutputsMap(), DeployedGraph.CLASSES));
  }

  /** The signature's tensor {@code key} in {@code graph}. */
  private Output<?> tensor(Graph graph, Map<String, TensorInfo> tensors, String key) {
    TensorInfo info = tensors.get(key);
    try {
      return graph.outputOrThrow(info == null ? "" : info.getName());
    } catch (IllegalArgumentException e) {
      throw new SavedModelException(
          "cannot load SavedModel "
              + directory
              + ": its signature's '"
              + key
              + "' is no tensor of its graph ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  @Override
  public void close() {
    if (serving != null) {
      try {
        serving.owner().close();
      } catch (Exception e) {
        throw new SavedModelException("cannot close " + directory + ": " + e.getMessage(), e);
      } finally {
        serving = null;
      }
    }
  }

  @Override
  public String toString() {
    return "ExportedModel[" + directory + ": " + metadata + "]";
  }
}
