package io.kflo4j.savedmodels.onnx;

import io.kflo4j.savedmodels.onnx.proto.OnnxProto.AttributeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.GraphProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.NodeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.TensorProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.TensorShapeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.TypeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.ValueInfoProto;
import io.kflo4j.savedmodels.trust.InferenceOpSet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.AttrValue;
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

  private static final long[] TO_NCHW = {0, 3, 1, 2};
  private static final long[] TO_NHWC = {0, 2, 3, 1};

  /** Where a tensor's axes are: TensorFlow's order (NHWC when 4-D) or transposed to NCHW. */
  private enum Layout {
    TF,
    NCHW
  }

  /** What a TensorFlow tensor became: a computed ONNX value or a constant not yet written. */
  private sealed interface Translated permits Tensor, Constant {}

  /**
   * A computed value.
   *
   * @param name its ONNX name
   * @param layout its axes
   * @param tfShape its static shape in TensorFlow's layout (-1 where unknown)
   */
  private record Tensor(String name, Layout layout, long[] tfShape) implements Translated {
    int rank() {
      return tfShape.length;
    }
  }

  /**
   * A constant or variable, written as an initializer in the form its consumer needs.
   *
   * @param name the TensorFlow node it came from
   * @param shape its shape
   * @param floats its values when float, else null
   * @param longs its values when integer, else null
   */
  private record Constant(String name, long[] shape, float[] floats, long[] longs)
      implements Translated {}

  private final Graph graph;
  private final Map<String, NodeDef> nodes = new HashMap<>();
  private final Map<String, float[]> variables;
  private final Map<String, long[]> variableShapes;
  private final GraphProto.Builder out = GraphProto.newBuilder();
  private final Map<String, Translated> translated = new HashMap<>();
  private final Map<String, String> transposed = new HashMap<>();
  private final Set<String> usedNames = new HashSet<>();

  private OnnxGraphTranslator(
      Graph graph, Map<String, float[]> variables, Map<String, long[]> variableShapes) {
    this.graph = graph;
    this.variables = variables;
    this.variableShapes = variableShapes;
    GraphDef graphDef = graph.toGraphDef();
    for (NodeDef node : graphDef.getNodeList()) {
      nodes.put(node.getName(), node);
      usedNames.add(node.getName());
    }
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
    return translator.out.build();
  }

  private void addInput(String input) {
    NodeDef node = node(input);
    if (!node.getOp().equals("Placeholder")
        || node.getAttrOrThrow("dtype").getType() != DataType.DT_UINT8) {
      throw new UnsupportedGraphException("input '" + input + "' is not a uint8 placeholder");
    }
    long[] shape = staticShape(input);
    out.addInput(valueInfo(input, TensorProto.DataType.UINT8, shape));
    translated.put(input, new Tensor(input, Layout.TF, shape));
  }

  private void addOutput(String output) {
    Tensor value = tensor(output, "graph output");
    Tensor tf = inTfLayout(value);
    if (!tf.name().equals(output)) {
      emit("Identity", output, List.of(tf.name()));
    }
    TensorProto.DataType type =
        node(output).getOp().equals("ArgMax")
            ? TensorProto.DataType.INT64
            : TensorProto.DataType.FLOAT;
    out.addOutput(valueInfo(output, type, tf.tfShape()));
  }

  /**
   * The translation of the TensorFlow tensor {@code reference} ({@code node} or {@code node:0}).
   */
  private Translated translate(String reference) {
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
      done = translateNode(node(name));
      translated.put(name, done);
    }
    return done;
  }

  private Translated translateNode(NodeDef node) {
    String op = node.getOp();
    return switch (op) {
      case "Const" -> constant(node);
      case "Placeholder" ->
          throw new UnsupportedGraphException(
              "placeholder '" + node.getName() + "' is fed, and only the input is translated");
      case "VariableV2" -> variable(node);
      case "Identity" -> identity(node);
      case "Cast" -> cast(node);
      case "Mul", "Add" -> elementwise(node, op);
      case "BiasAdd" -> biasAdd(node);
      case "Conv2D" -> conv(node);
      case "FusedBatchNormV3" -> batchNorm(node);
      case "Relu" -> unary(node, "Relu");
      case "MaxPool", "AvgPool" -> pool(node);
      case "Mean" -> mean(node);
      case "Reshape" -> reshape(node);
      case "MatMul" -> matMul(node);
      case "Softmax" -> softmax(node);
      case "ArgMax" -> argMax(node);
      default ->
          throw new UnsupportedGraphException(
              "node '"
                  + node.getName()
                  + "' is a "
                  + op
                  + ", which kflo4j does not translate to ONNX (it translates "
                  + String.join(", ", TRANSLATED.stream().sorted().toList())
                  + ")");
    };
  }

  private Translated constant(NodeDef node) {
    org.tensorflow.proto.TensorProto value = node.getAttrOrThrow("value").getTensor();
    long[] shape =
        value.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray();
    int size = Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b));
    ByteBuffer content = value.getTensorContent().asReadOnlyByteBuffer();
    content.order(ByteOrder.LITTLE_ENDIAN);
    boolean packed = !value.getTensorContent().isEmpty();
    switch (value.getDtype()) {
      case DT_FLOAT -> {
        float[] floats = new float[size];
        for (int i = 0; i < size; i++) {
          floats[i] =
              packed
                  ? content.getFloat(i * Float.BYTES)
                  : value.getFloatVal(Math.min(i, value.getFloatValCount() - 1));
        }
        return new Constant(node.getName(), shape, floats, null);
      }
      case DT_INT32, DT_INT64 -> {
        boolean int32 = value.getDtype() == DataType.DT_INT32;
        long[] longs = new long[size];
        for (int i = 0; i < size; i++) {
          if (packed) {
            longs[i] = int32 ? content.getInt(i * Integer.BYTES) : content.getLong(i * Long.BYTES);
          } else {
            longs[i] =
                int32
                    ? value.getIntVal(Math.min(i, value.getIntValCount() - 1))
                    : value.getInt64Val(Math.min(i, value.getInt64ValCount() - 1));
          }
        }
        return new Constant(node.getName(), shape, null, longs);
      }
      default ->
          throw new UnsupportedGraphException(
              "constant '" + node.getName() + "' is of type " + value.getDtype());
    }
  }

  private Translated variable(NodeDef node) {
    float[] values = variables.get(node.getName());
    long[] shape = variableShapes.get(node.getName());
    if (values == null || shape == null) {
      throw new UnsupportedGraphException("variable '" + node.getName() + "' has no value");
    }
    return new Constant(node.getName(), shape, values, null);
  }

  private Translated identity(NodeDef node) {
    return translate(node.getInput(0));
  }

  private Translated cast(NodeDef node) {
    if (node.getAttrOrThrow("DstT").getType() != DataType.DT_FLOAT) {
      throw new UnsupportedGraphException(
          "cast '" + node.getName() + "' is to " + node.getAttrOrThrow("DstT").getType());
    }
    Tensor x = tensor(node.getInput(0), node.getName());
    emit(
        "Cast",
        node.getName(),
        List.of(x.name()),
        intAttribute("to", TensorProto.DataType.FLOAT_VALUE));
    return new Tensor(node.getName(), x.layout(), staticShape(node.getName()));
  }

  /** {@code x op y} (commutative), either of them possibly a constant broadcast over the other. */
  private Translated elementwise(NodeDef node, String onnxOp) {
    Translated a = translate(node.getInput(0));
    Translated b = translate(node.getInput(1));
    String left;
    String right;
    Layout layout;
    if (a instanceof Tensor x && b instanceof Tensor y) {
      layout = x.rank() == 4 && y.rank() == 4 && (isNchw(x) || isNchw(y)) ? Layout.NCHW : Layout.TF;
      left = (layout == Layout.NCHW ? inNchw(x) : inTfLayout(x)).name();
      right = (layout == Layout.NCHW ? inNchw(y) : inTfLayout(y)).name();
    } else if (a instanceof Tensor x && b instanceof Constant c) {
      layout = x.layout();
      left = x.name();
      right = broadcastConstant(c, x, node);
    } else if (a instanceof Constant c && b instanceof Tensor y) {
      layout = y.layout();
      left = y.name();
      right = broadcastConstant(c, y, node);
    } else {
      throw new UnsupportedGraphException(
          node.getOp() + " '" + node.getName() + "' of two constants is not translated");
    }
    emit(onnxOp, node.getName(), List.of(left, right));
    return new Tensor(node.getName(), layout, staticShape(node.getName()));
  }

  private Translated biasAdd(NodeDef node) {
    requireNhwc(node);
    Tensor x = tensor(node.getInput(0), node.getName());
    Constant bias = constant(node.getInput(1), node.getName());
    emit("Add", node.getName(), List.of(x.name(), broadcastConstant(bias, x, node)));
    return new Tensor(node.getName(), x.layout(), staticShape(node.getName()));
  }

  /**
   * The initializer of a scalar or per-channel constant combined with {@code x}: a scalar as it is,
   * a vector over the last TensorFlow axis as it is, or as {@code [C, 1, 1]} when {@code x} is
   * NCHW.
   */
  private String broadcastConstant(Constant c, Tensor x, NodeDef node) {
    requireFloats(c, node);
    if (c.shape().length == 0) {
      return initializer(c.name(), new long[0], c.floats());
    }
    long channels = x.tfShape()[x.rank() - 1];
    if (c.shape().length == 1 && c.shape()[0] == channels) {
      return isNchw(x)
          ? initializer(c.name() + "_c11", new long[] {channels, 1, 1}, c.floats())
          : initializer(c.name(), c.shape(), c.floats());
    }
    throw new UnsupportedGraphException(
        node.getOp()
            + " '"
            + node.getName()
            + "' combines a constant of shape "
            + Arrays.toString(c.shape())
            + " with a tensor of shape "
            + Arrays.toString(x.tfShape())
            + " (only scalars and per-channel vectors are translated)");
  }

  private Translated conv(NodeDef node) {
    requireNhwc(node);
    long[] dilations = longs(node, "dilations");
    if (Arrays.stream(dilations).anyMatch(d -> d != 1)) {
      throw new UnsupportedGraphException(
          "conv '" + node.getName() + "' has dilations " + Arrays.toString(dilations));
    }
    Tensor x = inNchw(tensor(node.getInput(0), node.getName()));
    Constant kernel = constant(node.getInput(1), node.getName());
    requireFloats(kernel, node);
    if (kernel.shape().length != 4) {
      throw new UnsupportedGraphException(
          "conv '" + node.getName() + "' has a kernel of shape " + Arrays.toString(kernel.shape()));
    }
    long[] k = {kernel.shape()[0], kernel.shape()[1]};
    long[] strides = spatial(node, "strides");
    String weights =
        initializer(
            kernel.name() + "_oihw",
            new long[] {kernel.shape()[3], kernel.shape()[2], k[0], k[1]},
            OnnxTensors.hwioToOihw(kernel.floats(), kernel.shape()));
    emit(
        "Conv",
        node.getName(),
        List.of(x.name(), weights),
        intsAttribute("kernel_shape", k),
        intsAttribute("strides", strides),
        intsAttribute("pads", pads(node, x, k, strides)),
        intsAttribute("dilations", new long[] {1, 1}),
        intAttribute("group", 1));
    return new Tensor(node.getName(), Layout.NCHW, staticShape(node.getName()));
  }

  private Translated batchNorm(NodeDef node) {
    requireNhwc(node);
    if (node.getAttrOrThrow("is_training").getB()) {
      throw new UnsupportedGraphException(
          "batch norm '" + node.getName() + "' is in training mode");
    }
    Tensor x = inNchw(tensor(node.getInput(0), node.getName()));
    String[] suffixes = {"scale", "offset", "mean", "variance"};
    String[] inputs = new String[5];
    inputs[0] = x.name();
    for (int i = 1; i <= 4; i++) {
      Constant c = constant(node.getInput(i), node.getName());
      requireFloats(c, node);
      inputs[i] = initializer(c.name(), c.shape(), c.floats());
      if (c.shape().length != 1) {
        throw new UnsupportedGraphException(
            "batch norm '" + node.getName() + "' has a " + suffixes[i - 1] + " that is no vector");
      }
    }
    emit(
        "BatchNormalization",
        node.getName(),
        List.of(inputs),
        floatAttribute("epsilon", node.getAttrOrThrow("epsilon").getF()));
    return new Tensor(node.getName(), Layout.NCHW, staticShape(node.getName()));
  }

  private Translated unary(NodeDef node, String onnxOp) {
    Tensor x = tensor(node.getInput(0), node.getName());
    emit(onnxOp, node.getName(), List.of(x.name()));
    return new Tensor(node.getName(), x.layout(), staticShape(node.getName()));
  }

  private Translated pool(NodeDef node) {
    requireNhwc(node);
    Tensor x = inNchw(tensor(node.getInput(0), node.getName()));
    long[] k = spatial(node, "ksize");
    long[] strides = spatial(node, "strides");
    boolean max = node.getOp().equals("MaxPool");
    AttributeProto[] attributes = {
      intsAttribute("kernel_shape", k),
      intsAttribute("strides", strides),
      intsAttribute("pads", pads(node, x, k, strides)),
      intAttribute("ceil_mode", 0),
      intAttribute(max ? "storage_order" : "count_include_pad", 0)
    };
    emit(max ? "MaxPool" : "AveragePool", node.getName(), List.of(x.name()), attributes);
    return new Tensor(node.getName(), Layout.NCHW, staticShape(node.getName()));
  }

  private Translated mean(NodeDef node) {
    Tensor x = tensor(node.getInput(0), node.getName());
    Constant axes = constant(node.getInput(1), node.getName());
    boolean keepDims = node.getAttrOrThrow("keep_dims").getB();
    if (x.rank() != 4 || axes.longs() == null || !Arrays.equals(axes.longs(), new long[] {1, 2})) {
      throw new UnsupportedGraphException(
          "mean '"
              + node.getName()
              + "' is not over the spatial axes [1, 2] of a 4-D tensor (axes "
              + (axes.longs() == null ? "of floats" : Arrays.toString(axes.longs()))
              + ")");
    }
    long[] onnxAxes = isNchw(x) ? new long[] {2, 3} : new long[] {1, 2};
    emit(
        "ReduceMean",
        node.getName(),
        List.of(x.name()),
        intsAttribute("axes", onnxAxes),
        intAttribute("keepdims", keepDims ? 1 : 0));
    return new Tensor(
        node.getName(), keepDims ? x.layout() : Layout.TF, staticShape(node.getName()));
  }

  private Translated reshape(NodeDef node) {
    Tensor x = inTfLayout(tensor(node.getInput(0), node.getName()));
    Constant shape = integers(node, 1, 1, "vector as its shape");
    String target = initializer(shape.name(), shape.shape(), null, shape.longs());
    emit("Reshape", node.getName(), List.of(x.name(), target));
    return new Tensor(node.getName(), Layout.TF, staticShape(node.getName()));
  }

  private Translated matMul(NodeDef node) {
    if (node.getAttrOrThrow("transpose_a").getB() || node.getAttrOrThrow("transpose_b").getB()) {
      throw new UnsupportedGraphException("matmul '" + node.getName() + "' transposes an input");
    }
    Tensor x = inTfLayout(tensor(node.getInput(0), node.getName()));
    Constant weights = constant(node.getInput(1), node.getName());
    requireFloats(weights, node);
    emit(
        "MatMul",
        node.getName(),
        List.of(x.name(), initializer(weights.name(), weights.shape(), weights.floats())));
    return new Tensor(node.getName(), Layout.TF, staticShape(node.getName()));
  }

  private Translated softmax(NodeDef node) {
    Tensor x = inTfLayout(tensor(node.getInput(0), node.getName()));
    emit("Softmax", node.getName(), List.of(x.name()), intAttribute("axis", -1));
    return new Tensor(node.getName(), Layout.TF, staticShape(node.getName()));
  }

  private Translated argMax(NodeDef node) {
    Tensor x = inTfLayout(tensor(node.getInput(0), node.getName()));
    Constant axis = integers(node, 1, 0, "scalar as its axis");
    if (node.getAttrOrThrow("output_type").getType() != DataType.DT_INT64) {
      throw new UnsupportedGraphException("argmax '" + node.getName() + "' does not give int64");
    }
    emit(
        "ArgMax",
        node.getName(),
        List.of(x.name()),
        intAttribute("axis", axis.longs()[0]),
        intAttribute("keepdims", 0),
        intAttribute("select_last_index", 0));
    return new Tensor(node.getName(), Layout.TF, staticShape(node.getName()));
  }

  /**
   * ONNX's explicit pads {@code [top, left, bottom, right]} for TensorFlow's padding of {@code
   * node} over the NCHW input {@code x}: none for {@code VALID}; for {@code SAME} the total that
   * gives {@code ceil(in / stride)} outputs, half (rounded down) before and the rest after.
   */
  private static long[] pads(NodeDef node, Tensor x, long[] k, long[] strides) {
    String padding = node.getAttrOrThrow("padding").getS().toStringUtf8();
    if (padding.equals("VALID")) {
      return new long[] {0, 0, 0, 0};
    }
    if (!padding.equals("SAME")) {
      throw new UnsupportedGraphException(
          node.getOp() + " '" + node.getName() + "' has padding " + padding);
    }
    long[] before = new long[2];
    long[] after = new long[2];
    for (int axis = 0; axis < 2; axis++) {
      long in = x.tfShape()[axis + 1];
      if (in < 0) {
        throw new UnsupportedGraphException(
            node.getOp() + " '" + node.getName() + "' has an input of unknown spatial size");
      }
      long outputs = (in + strides[axis] - 1) / strides[axis];
      long total = Math.max((outputs - 1) * strides[axis] + k[axis] - in, 0);
      before[axis] = total / 2;
      after[axis] = total - before[axis];
    }
    return new long[] {before[0], before[1], after[0], after[1]};
  }

  private Tensor inNchw(Tensor x) {
    if (x.rank() != 4) {
      throw new UnsupportedGraphException(
          "'" + x.name() + "' is of rank " + x.rank() + " where a 4-D tensor is needed");
    }
    return isNchw(x) ? x : transpose(x, TO_NCHW, "_nchw", Layout.NCHW);
  }

  private Tensor inTfLayout(Tensor x) {
    return isNchw(x) ? transpose(x, TO_NHWC, "_nhwc", Layout.TF) : x;
  }

  private Tensor transpose(Tensor x, long[] perm, String suffix, Layout layout) {
    String name =
        transposed.computeIfAbsent(
            x.name() + suffix,
            key -> {
              String unique = unique(key);
              emit("Transpose", unique, List.of(x.name()), intsAttribute("perm", perm));
              return unique;
            });
    return new Tensor(name, layout, x.tfShape());
  }

  private static boolean isNchw(Tensor x) {
    return x.layout() == Layout.NCHW;
  }

  private Tensor tensor(String reference, String consumer) {
    if (translate(reference) instanceof Tensor tensor) {
      return tensor;
    }
    throw new UnsupportedGraphException(
        "'" + consumer + "' takes the constant '" + reference + "' where a tensor is expected");
  }

  private Constant constant(String reference, String consumer) {
    if (translate(reference) instanceof Constant constant) {
      return constant;
    }
    throw new UnsupportedGraphException(
        "'" + consumer + "' takes the computed tensor '" + reference + "' as a constant input");
  }

  /** Input {@code index} of {@code node}: an integer constant of rank {@code rank}. */
  private Constant integers(NodeDef node, int index, int rank, String what) {
    Constant c = constant(node.getInput(index), node.getName());
    if (c.longs() == null || c.shape().length != rank) {
      throw new UnsupportedGraphException(
          node.getOp() + " '" + node.getName() + "' takes no integer " + what);
    }
    return c;
  }

  private static void requireFloats(Constant c, NodeDef node) {
    if (c.floats() == null) {
      throw new UnsupportedGraphException(
          node.getOp() + " '" + node.getName() + "' takes the integer constant '" + c.name() + "'");
    }
  }

  private static void requireNhwc(NodeDef node) {
    AttrValue format = node.getAttrMap().get("data_format");
    if (format != null && !format.getS().toStringUtf8().equals("NHWC")) {
      throw new UnsupportedGraphException(
          node.getOp()
              + " '"
              + node.getName()
              + "' has data format "
              + format.getS().toStringUtf8());
    }
  }

  private static long[] longs(NodeDef node, String attribute) {
    return node.getAttrOrThrow(attribute).getList().getIList().stream()
        .mapToLong(Long::longValue)
        .toArray();
  }

  /** The spatial entries of an NHWC {@code [1, h, w, 1]} attribute. */
  private static long[] spatial(NodeDef node, String attribute) {
    long[] values = longs(node, attribute);
    if (values.length != 4 || values[0] != 1 || values[3] != 1) {
      throw new UnsupportedGraphException(
          node.getOp()
              + " '"
              + node.getName()
              + "' has "
              + attribute
              + " "
              + Arrays.toString(values));
    }
    return new long[] {values[1], values[2]};
  }

  private NodeDef node(String name) {
    NodeDef node = nodes.get(name);
    if (node == null) {
      throw new UnsupportedGraphException("the graph has no node '" + name + "'");
    }
    return node;
  }

  private long[] staticShape(String name) {
    GraphOperation operation = graph.operation(name);
    Shape shape = operation.output(0).shape();
    if (shape.isUnknown()) {
      throw new UnsupportedGraphException("'" + name + "' has no static rank");
    }
    return shape.asArray();
  }

  private String initializer(String base, long[] shape, float[] floats) {
    return initializer(base, shape, floats, null);
  }

  /** Writes a constant once under a name of its own; returns the name. */
  private String initializer(String base, long[] shape, float[] floats, long[] longs) {
    String key = "init:" + base;
    String existing = transposed.get(key);
    if (existing != null) {
      return existing;
    }
    // a constant's own node never becomes an ONNX node, so its name is free; other forms get new
    // names
    String name = translated.get(base) instanceof Constant ? base : unique(base);
    out.addInitializer(
        floats != null
            ? OnnxTensors.floats(name, shape, floats)
            : OnnxTensors.longs(name, shape, longs));
    transposed.put(key, name);
    return name;
  }

  private String unique(String base) {
    String name = base;
    for (int i = 1; usedNames.contains(name); i++) {
      name = base + "_" + i;
    }
    usedNames.add(name);
    return name;
  }

  private void emit(String op, String output, List<String> inputs, AttributeProto... attributes) {
    usedNames.add(output);
    out.addNode(
        NodeProto.newBuilder()
            .setName(output)
            .setOpType(op)
            .addAllInput(inputs)
            .addOutput(output)
            .addAllAttribute(List.of(attributes)));
  }

  private static AttributeProto intAttribute(String name, long value) {
    return attribute(name, AttributeProto.AttributeType.INT).setI(value).build();
  }

  private static AttributeProto intsAttribute(String name, long[] values) {
    return attribute(name, AttributeProto.AttributeType.INTS)
        .addAllInts(Arrays.stream(values).boxed().toList())
        .build();
  }

  private static AttributeProto floatAttribute(String name, float value) {
    return attribute(name, AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  private static AttributeProto.Builder attribute(String name, AttributeProto.AttributeType type) {
    return AttributeProto.newBuilder().setName(name).setType(type);
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
