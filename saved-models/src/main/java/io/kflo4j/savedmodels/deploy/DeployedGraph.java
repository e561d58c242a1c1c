package io.kflo4j.savedmodels.deploy;

import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.reparam.PlainParameterization;
import io.kflo4j.graph.variables.VariableStore;
import io.kflo4j.savedmodels.images.Pixels;
import io.kflo4j.savedmodels.metadata.ExportMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * The inference graph of an exported model, in its own graph and session: nothing but what
 * inference needs.
 *
 * <p>Input {@value #INPUT}: uint8 {@code [N, 32, 32, 3]} raw RGB pixels (NHWC), normalized inside
 * the graph ({@code x * (1 / (255 std)) + (-mean / std)}, per channel); outputs {@value #LOGITS}
 * (float {@code [N, classes]}), {@value #PROBABILITIES} (softmax of the logits) and {@value
 * #CLASSES} (int64 {@code [N]}, the argmax).
 *
 * <p>How it is built: the architecture with the plain parameterization, inference path only, on the
 * normalized input. For the folded form ({@link DeployedLayout}) the graph is then edited as a
 * GraphDef: each conv's batch norm is replaced by a BiasAdd over a new bias variable, every other
 * batch norm by {@code x * scale + offset}, and everything no output needs (the batch norms'
 * variables among it) is dropped; the result is imported into a fresh graph. Every variable {@code
 * v} comes with a placeholder {@code v_value} and an op {@code v_assign} that sets it (the
 * convention of {@link VariableStore}); these, the variable reads and the saver's ops are the only
 * ops besides the inference path.
 */
public final class DeployedGraph implements AutoCloseable {
  /** Input name (operation and signature key). */
  public static final String INPUT = "images";

  /** Logits output name. */
  public static final String LOGITS = "logits";

  /** Probabilities output name. */
  public static final String PROBABILITIES = "probabilities";

  /** Predicted classes output name. */
  public static final String CLASSES = "classes";

  /** Name of the string constant holding the metadata asset's file name. */
  public static final String METADATA_ASSET_TENSOR = "kflo4j_metadata_asset";

  /** The signature key. */
  public static final String SIGNATURE_KEY = Signature.DEFAULT_KEY;

  /** The signature's method, TensorFlow Serving's predict API. */
  public static final String METHOD_NAME = "tensorflow/serving/predict";

  /** The tag of the exported meta graph. */
  public static final String TAG = SavedModelBundle.DEFAULT_TAG;

  private final Graph graph;
  private final Session session;
  private final DeployedLayout layout;

  private DeployedGraph(Graph graph, DeployedLayout layout) {
    this.graph = graph;
    this.session = new Session(graph);
    this.layout = layout;
  }

  /**
   * Builds the inference graph of {@code spec}'s architecture (its parameterization is ignored: the
   * graph is plain).
   *
   * @param foldBatchNorm the folded form (see {@link DeployedLayout})
   */
  public static DeployedGraph build(
      ModelSpec spec, Normalization normalization, boolean foldBatchNorm) {
    ModelSpec plain = spec.withParameterization(new PlainParameterization());
    try (Graph draft = new Graph()) {
      Ops tf = Ops.create(draft);
      Placeholder<TUint8> images =
          tf.withName(INPUT)
              .placeholder(
                  TUint8.class,
                  Placeholder.shape(Shape.of(-1, Pixels.SIDE, Pixels.SIDE, Pixels.CHANNELS)));
      Operand<TFloat32> normalized =
          normalize(tf, tf.dtypes.cast(images, TFloat32.class), normalization);
      Model model = Model.build(tf, normalized, plain, EnumSet.of(Mode.INFERENCE), 0L);
      Operand<TFloat32> logits = tf.withName(LOGITS).identity(model.logits(Mode.INFERENCE));
      tf.withName(PROBABILITIES).nn.softmax(logits);
      tf.withName(CLASSES).math.argMax(logits, tf.constant(1), TInt64.class);
      DeployedLayout layout = DeployedLayout.of(model, foldBatchNorm);

      GraphSurgery surgery = new GraphSurgery(draft.toGraphDef());
      if (foldBatchNorm) {
        Map<String, String> replacements = FoldedGraph.replacements(tf, draft, surgery, layout);
        surgery = new GraphSurgery(draft.toGraphDef());
        for (Map.Entry<String, String> replacement : replacements.entrySet()) {
          surgery.redirect(replacement.getKey(), replacement.getValue());
        }
      }
      GraphDef pruned = surgery.pruned(List.of(LOGITS, PROBABILITIES, CLASSES));
      checkPruned(pruned, layout);
      Graph graph = new Graph();
      try {
        graph.importGraphDef(pruned);
        Ops.create(graph).withName(METADATA_ASSET_TENSOR).constant(ExportMetadata.ASSET_FILE);
        return new DeployedGraph(graph, layout);
      } catch (RuntimeException e) {
        graph.close();
        throw e;
      }
    }
  }

  /**
   * {@code (x / 255 - mean) / std} as {@code x * (1 / (255 std)) + (-mean / std)} (the factors
   * computed in double): two passes over the input, with scalar factors when every channel has the
   * same statistics (the default), which TensorFlow computes much faster than a per-channel
   * broadcast.
   */
  private static Operand<TFloat32> normalize(
      Ops tf, Operand<TFloat32> pixels, Normalization normalization) {
    float[] mean = normalization.mean();
    float[] std = normalization.std();
    float[] scale = new float[mean.length];
    float[] offset = new float[mean.length];
    boolean uniform = true;
    for (int c = 0; c < mean.length; c++) {
      scale[c] = (float) (1.0 / (255.0 * std[c]));
      offset[c] = (float) (-(double) mean[c] / std[c]);
      uniform &= mean[c] == mean[0] && std[c] == std[0];
    }
    Operand<TFloat32> scaled =
        tf.math.mul(pixels, uniform ? tf.constant(scale[0]) : tf.constant(scale));
    return tf.withName("normalized")
        .math
        .add(scaled, uniform ? tf.constant(offset[0]) : tf.constant(offset));
  }

  /** Checks that the pruned graph's variables are exactly the layout's. */
  private static void checkPruned(GraphDef pruned, DeployedLayout layout) {
    Set<String> variables = new LinkedHashSet<>();
    for (NodeDef node : pruned.getNodeList()) {
      if (node.getOp().startsWith("Variable") || node.getOp().equals("VarHandleOp")) {
        variables.add(node.getName());
      }
      if (layout.batchNormFolded()
          && (node.getOp().startsWith("FusedBatchNorm") || node.getOp().equals("Rsqrt"))) {
        throw new IllegalStateException(
            "folded graph still has batch-norm node '" + node.getName() + "'");
      }
    }
    if (!variables.equals(layout.variables().keySet())) {
      throw new IllegalStateException(
          "inference graph has variables "
              + variables
              + ", expected "
              + layout.variables().keySet());
    }
  }

  /** The variables' names and shapes. */
  public DeployedLayout layout() {
    return layout;
  }

  /** The graph (adding ops to it adds them to what {@link #export} writes). */
  public Graph graph() {
    return graph;
  }

  /** The session over {@link #graph()}. */
  public Session session() {
    return session;
  }

  /**
   * Sets every variable.
   *
   * @param values exactly one array per variable of the layout, of its size
   * @throws IllegalArgumentException naming a missing, unexpected or wrongly sized variable
   */
  public void assign(Map<String, float[]> values) {
    assign(values, layout.variables());
  }

  /**
   * Sets the named variables of the graph (e.g. ones added after build), each by its {@code
   * v_value} and {@code v_assign} ops.
   */
  public void assign(Map<String, float[]> values, Map<String, long[]> shapes) {
    BatchNormFolding.checkValues(shapes, values, layout.spec().architecture().spec());
    List<Tensor> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Map.Entry<String, float[]> entry : values.entrySet()) {
        TFloat32 tensor =
            TFloat32.tensorOf(
                Shape.of(shapes.get(entry.getKey())),
                DataBuffers.of(entry.getValue(), true, false));
        tensors.add(tensor);
        runner.feed(entry.getKey() + "_value", tensor).addTarget(entry.getKey() + "_assign");
      }
      runner.run();
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  /**
   * The serving signature {@value #SIGNATURE_KEY}: input {@value #INPUT}, outputs logits,
   * probabilities, classes.
   */
  public Signature signature() {
    return Signature.builder()
        .key(SIGNATURE_KEY)
        .methodName(METHOD_NAME)
        .input(INPUT, graph.outputOrThrow(INPUT))
        .output(LOGITS, graph.outputOrThrow(LOGITS))
        .output(PROBABILITIES, graph.outputOrThrow(PROBABILITIES))
        .output(CLASSES, graph.outputOrThrow(CLASSES))
        .build();
  }

  /**
   * Writes the graph, the variables' current values and the serving signature as a SavedModel (tag
   * {@value #TAG}) into {@code directory}. The graph holds a string constant {@value
   * #METADATA_ASSET_TENSOR} with the metadata asset's file name, for the asset registration (done
   * on the written files).
   */
  public void export(Path directory) throws IOException {
    SavedModelBundle.exporter(directory.toString())
        .withTags(TAG)
        .withSession(session)
        .withSignature(signature())
        .export();
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
