package io.kflo4j.savedmodels.onnx;

import io.kflo4j.savedmodels.onnx.Translated.Constant;
import io.kflo4j.savedmodels.onnx.Translated.Layout;
import io.kflo4j.savedmodels.onnx.Translated.Tensor;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.GraphProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.TensorProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.TensorShapeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.TypeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.ValueInfoProto;
import io.kflo4j.savedmodels.trust.InferenceOpSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Translates kflo4j's inference graph (TensorFlow, NHWC) into an ONNX graph that computes the same,
 * node by node: the ONNX graph is what the exported SavedModel runs, not a second description of
 * the architecture.
 *
 * <p>Only the op types of kflo4j's inference graphs are translated ({@link #TRANSLATED}); any other
 * node, attribute value or constant shape is refused with an {@link UnsupportedGraphException}
 * naming it. Layout: ONNX's Conv and pooling work on NCHW, so a 4-D tensor is transposed to NCHW
 * when a conv or pool first needs it and stays NCHW through the element-wise ops, batch norms and
 * residual adds that follow; a Reshape (the flatten before a dense layer), Softmax or ArgMax gets
 * its input back in TensorFlow's layout, so the flatten order is TensorFlow's. Conv kernels are
 * stored as ONNX's {@code [out, in, kh, kw]}, per-channel constants applied to an NCHW tensor as
 * {@code [C, 1, 1]}. TensorFlow's {@code SAME} padding becomes explicit pads (the extra row or
 * column at the end, as TensorFlow does); average pooling excludes the padding from its count, as
 * TensorFlow does.
 */
public final class OnnxGraphTranslator {
  /**
   * The TensorFlow op types translated: those of kflo4j's inference path ({@link
   * InferenceOpSet#INFERENCE_PATH}; variables and constants become initializers).
   */
  public static final Set<String> TRANSLATED = InferenceOpSet.INFERENCE_PATH;

  private final Graph graph;
  private final Map<String, NodeDef> nodes = new HashMap<>();
  private final Map<String, Translated> translated = new HashMap<>();
  private final OnnxGraphWriter writer;
  private final OnnxNodeTranslations nodeTranslations;

  private OnnxGraphTranslator(
      Graph graph, Map<String, float[]> variables, Map<String, long[]> variableShapes) {
    this.graph = graph;
    GraphDef graphDef = graph.toGraphDef();
    for (NodeDef node : graphDef.getNodeList()) {
      nodes.put(node.getName(), node);
    }
    this.writer =
        new OnnxGraphWriter(nodes.keySet(), name -> translated.get(name) instanceof Constant);
    this.nodeTranslations = new OnnxNodeTranslations(this, writer, variables, variableShapes);
  }

  /**
   * The ONNX graph computing {@code outputs} of {@code graph} (everything else is left out).
   *
   * @param graph the inference graph
   * @param input the one placeholder, uint8 NHWC images
   * @param variables each variable's values, by name
   * @param variableShapes each variable's shape, by name
   * @param outputs the outputs, named as in {@code graph}: a float logits and probabilities and an
   *     int64 argmax, each of TensorFlow's rank
   * @throws UnsupportedGraphException naming the first node, attribute or constant not translated
   */
  public static GraphProto translate(
      Graph graph,
      String input,
      Map<String, float[]> variables,
      Map<String, long[]> variableShapes,
      List<String> outputs) {
    OnnxGraphTranslator translator = new OnnxGraphTranslator(graph, variables, variableShapes);
    translator.addInput(input);
    for (String output : outputs) {
      translator.addOutput(output);
    }
    return translator.writer.build();
  }

  /** Declares the uint8 image placeholder {@code input} as the graph's input. */
  private void addInput(String input) {
    NodeDef node = node(input);
    if (!node.getOp().equals("Placeholder")
        || node.getAttrOrThrow("dtype").getType() != DataType.DT_UINT8) {
      throw new UnsupportedGraphException("input '" + input + "' is not a uint8 placeholder");
    }
    long[] shape = staticShape(input);
    writer.addInput(valueInfo(input, TensorProto.DataType.UINT8, shape));
    translated.put(input, new Tensor(input, Layout.TF, shape));
  }

  /** Translates {@code output} and declares it, in TensorFlow's layout and name. */
  private void addOutput(String output) {
    Tensor value = tensor(output, "graph output");
    Tensor tf = writer.inTfLayout(value);
    if (!tf.name().equals(output)) {
      writer.emit("Identity", output, List.of(tf.name()));
    }
    TensorProto.DataType type =
        node(output).getOp().equals("ArgMax")
            ? TensorProto.DataType.INT64
            : TensorProto.DataType.FLOAT;
    writer.addOutput(valueInfo(output, type, tf.tfShape()));
  }

  /**
   * The translation of the TensorFlow tensor {@code reference} ({@code node} or {@code node:0}).
   */
  Translated translate(String reference) {
    if (reference.startsWith("^")) {
      throw new UnsupportedGraphException(
          "control dependency on '" + reference.substring(1) + "' is not translated to ONNX");
    }
    String name = reference;
    int colon = reference.lastIndexOf(':');
    if (colon > 0) {
      name = reference.substring(0, colon);
      if (!reference.substring(colon + 1).equals("0")) {
        throw new UnsupportedGraphException(
            "output " + reference + " is used; only the first output of a node is translated");
      }
    }
    Translated done = translated.get(name);
    if (done == null) {
      done = nodeTranslations.translateNode(node(name));
      translated.put(name, done);
    }
    return done;
  }

  /** The translation of {@code reference}, which {@code consumer} needs computed. */
  Tensor tensor(String reference, String consumer) {
    if (translate(reference) instanceof Tensor tensor) {
      return tensor;
    }
    throw new UnsupportedGraphException(
        "'" + consumer + "' takes the constant '" + reference + "' where a tensor is expected");
  }

  /** The translation of {@code reference}, which {@code consumer} needs constant. */
  Constant constant(String reference, String consumer) {
    if (translate(reference) instanceof Constant constant) {
      return constant;
    }
    throw new UnsupportedGraphException(
        "'" + consumer + "' takes the computed tensor '" + reference + "' as a constant input");
  }

  /** Input {@code index} of {@code node}: an integer constant of rank {@code rank}. */
  Constant integers(NodeDef node, int index, int rank, String what) {
    Constant c = constant(node.getInput(index), node.getName());
    if (c.longs() == null || c.shape().length != rank) {
      throw new UnsupportedGraphException(
          node.getOp() + " '" + node.getName() + "' takes no integer " + what);
    }
    return c;
  }

  /** The TensorFlow node {@code name}; refused when the graph has none. */
  private NodeDef node(String name) {
    NodeDef node = nodes.get(name);
    if (node == null) {
      throw new UnsupportedGraphException("the graph has no node '" + name + "'");
    }
    return node;
  }

  /** The static shape of the first output of node {@code name}. */
  long[] staticShape(String name) {
    GraphOperation operation = graph.operation(name);
    Shape shape = operation.output(0).shape();
    if (shape.isUnknown()) {
      throw new UnsupportedGraphException("'" + name + "' has no static rank");
    }
    return shape.asArray();
  }

  /** A tensor's name, element type and shape; unknown dimensions are the symbolic {@code N}. */
  static ValueInfoProto valueInfo(String name, TensorProto.DataType type, long[] shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    for (long dim : shape) {
      dims.addDim(
          dim < 0
              ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
              : TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(dims)))
        .build();
  }
}
