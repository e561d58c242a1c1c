package io.kflo4j.savedmodels.onnx;

import static io.kflo4j.savedmodels.onnx.OnnxGraphWriter.intAttribute;
import static io.kflo4j.savedmodels.onnx.OnnxGraphWriter.intsAttribute;
import static io.kflo4j.savedmodels.onnx.TfNodes.longs;
import static io.kflo4j.savedmodels.onnx.TfNodes.pads;
import static io.kflo4j.savedmodels.onnx.TfNodes.requireFloats;
import static io.kflo4j.savedmodels.onnx.TfNodes.requireNhwc;
import static io.kflo4j.savedmodels.onnx.TfNodes.spatial;

import io.kflo4j.savedmodels.onnx.Translated.Constant;
import io.kflo4j.savedmodels.onnx.Translated.Layout;
import io.kflo4j.savedmodels.onnx.Translated.Tensor;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.AttributeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.TensorProto;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * The ONNX nodes of each TensorFlow op type {@link OnnxGraphTranslator} translates: one method per
 * op kind, reading its inputs through the translator and writing through the {@link
 * OnnxGraphWriter}, in NCHW where ONNX's conv and pooling need it.
 */
final class OnnxNodeTranslations {
  private final OnnxGraphTranslator translator;
  private final OnnxGraphWriter writer;
  private final Map<String, float[]> variables;
  private final Map<String, long[]> variableShapes;

  OnnxNodeTranslations(
      OnnxGraphTranslator translator,
      OnnxGraphWriter writer,
      Map<String, float[]> variables,
      Map<String, long[]> variableShapes) {
    this.translator = translator;
    this.writer = writer;
    this.variables = variables;
    this.variableShapes = variableShapes;
  }

  /** The translation of {@code node}, its inputs translated first. */
  Translated translateNode(NodeDef node) {
    String op = node.getOp();
    return switch (op) {
      case "Const" -> TfNodes.constant(node);
      case "Placeholder" ->
          throw new UnsupportedGraphException(
              "placeholder '" + node.getName() + "' is fed, and only the input is translated");
      case "VariableV2" -> variable(node);
      case "Identity" -> identity(node);
      case "Cast" -> cast(node);
      case "Mul", "Add", "Sub" -> elementwise(node, op);
      case "Rsqrt" -> rsqrt(node);
      case "BiasAdd" -> biasAdd(node);
      case "Conv2D" -> conv(node);
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
                  + String.join(", ", OnnxGraphTranslator.TRANSLATED.stream().sorted().toList())
                  + ")");
    };
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
    return translator.translate(node.getInput(0));
  }

  private Translated cast(NodeDef node) {
    if (node.getAttrOrThrow("DstT").getType() != DataType.DT_FLOAT) {
      throw new UnsupportedGraphException(
          "cast '" + node.getName() + "' is to " + node.getAttrOrThrow("DstT").getType());
    }
    Tensor x = translator.tensor(node.getInput(0), node.getName());
    writer.emit(
        "Cast",
        node.getName(),
        List.of(x.name()),
        intAttribute("to", TensorProto.DataType.FLOAT_VALUE));
    return new Tensor(node.getName(), x.layout(), translator.staticShape(node.getName()));
  }

  /**
   * {@code x op y}, either of them possibly a constant broadcast over the other; of two constants,
   * a constant.
   */
  private Translated elementwise(NodeDef node, String onnxOp) {
    Translated a = translator.translate(node.getInput(0));
    Translated b = translator.translate(node.getInput(1));
    String left;
    String right;
    Layout layout;
    if (a instanceof Tensor x && b instanceof Tensor y) {
      layout =
          x.rank() == 4 && y.rank() == 4 && (x.isNchw() || y.isNchw()) ? Layout.NCHW : Layout.TF;
      left = (layout == Layout.NCHW ? writer.inNchw(x) : writer.inTfLayout(x)).name();
      right = (layout == Layout.NCHW ? writer.inNchw(y) : writer.inTfLayout(y)).name();
    } else if (a instanceof Tensor x && b instanceof Constant c) {
      layout = x.layout();
      left = x.name();
      right = broadcastConstant(c, x, node);
    } else if (a instanceof Constant c && b instanceof Tensor y) {
      layout = y.layout();
      left = broadcastConstant(c, y, node);
      right = y.name();
    } else {
      return ConstantArithmetic.binary(node, (Constant) a, (Constant) b);
    }
    writer.emit(onnxOp, node.getName(), List.of(left, right));
    return new Tensor(node.getName(), layout, translator.staticShape(node.getName()));
  }

  private Translated biasAdd(NodeDef node) {
    requireNhwc(node);
    Tensor x = translator.tensor(node.getInput(0), node.getName());
    Constant bias = translator.constant(node.getInput(1), node.getName());
    writer.emit("Add", node.getName(), List.of(x.name(), broadcastConstant(bias, x, node)));
    return new Tensor(node.getName(), x.layout(), translator.staticShape(node.getName()));
  }

  /**
   * The initializer of a scalar or per-channel constant combined with {@code x}: a scalar as it is,
   * a vector over the last TensorFlow axis as it is, or as {@code [C, 1, 1]} when {@code x} is
   * NCHW.
   */
  private String broadcastConstant(Constant c, Tensor x, NodeDef node) {
    requireFloats(c, node);
    if (c.shape().length == 0) {
      return writer.initializer(c.name(), new long[0], c.floats());
    }
    long channels = x.tfShape()[x.rank() - 1];
    if (c.shape().length == 1 && c.shape()[0] == channels) {
      return x.isNchw()
          ? writer.initializer(c.name() + "_c11", new long[] {channels, 1, 1}, c.floats())
          : writer.initializer(c.name(), c.shape(), c.floats());
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
    Tensor x = writer.inNchw(translator.tensor(node.getInput(0), node.getName()));
    Constant kernel = translator.constant(node.getInput(1), node.getName());
    requireFloats(kernel, node);
    if (kernel.shape().length != 4) {
      throw new UnsupportedGraphException(
          "conv '" + node.getName() + "' has a kernel of shape " + Arrays.toString(kernel.shape()));
    }
    long[] k = {kernel.shape()[0], kernel.shape()[1]};
    long[] strides = spatial(node, "strides");
    String weights =
        writer.initializer(
            kernel.name() + "_oihw",
            new long[] {kernel.shape()[3], kernel.shape()[2], k[0], k[1]},
            OnnxTensors.hwioToOihw(kernel.floats(), kernel.shape()));
    writer.emit(
        "Conv",
        node.getName(),
        List.of(x.name(), weights),
        intsAttribute("kernel_shape", k),
        intsAttribute("strides", strides),
        intsAttribute("pads", pads(node, x, k, strides)),
        intsAttribute("dilations", new long[] {1, 1}),
        intAttribute("group", 1));
    return new Tensor(node.getName(), Layout.NCHW, translator.staticShape(node.getName()));
  }

  /**
   * {@code 1 / sqrt(x)} of a constant, a constant: kflo4j's graphs take it only of the batch norms'
   * variances.
   */
  private Translated rsqrt(NodeDef node) {
    return ConstantArithmetic.rsqrt(node, translator.constant(node.getInput(0), node.getName()));
  }

  private Translated unary(NodeDef node, String onnxOp) {
    Tensor x = translator.tensor(node.getInput(0), node.getName());
    writer.emit(onnxOp, node.getName(), List.of(x.name()));
    return new Tensor(node.getName(), x.layout(), translator.staticShape(node.getName()));
  }

  private Translated pool(NodeDef node) {
    requireNhwc(node);
    Tensor x = writer.inNchw(translator.tensor(node.getInput(0), node.getName()));
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
    writer.emit(max ? "MaxPool" : "AveragePool", node.getName(), List.of(x.name()), attributes);
    return new Tensor(node.getName(), Layout.NCHW, translator.staticShape(node.getName()));
  }

  private Translated mean(NodeDef node) {
    Tensor x = translator.tensor(node.getInput(0), node.getName());
    Constant axes = translator.constant(node.getInput(1), node.getName());
    boolean keepDims = node.getAttrOrThrow("keep_dims").getB();
    if (x.rank() != 4 || axes.longs() == null || !Arrays.equals(axes.longs(), new long[] {1, 2})) {
      throw new UnsupportedGraphException(
          "mean '"
              + node.getName()
              + "' is not over the spatial axes [1, 2] of a 4-D tensor (axes "
              + (axes.longs() == null ? "of floats" : Arrays.toString(axes.longs()))
              + ")");
    }
    long[] onnxAxes = x.isNchw() ? new long[] {2, 3} : new long[] {1, 2};
    writer.emit(
        "ReduceMean",
        node.getName(),
        List.of(x.name()),
        intsAttribute("axes", onnxAxes),
        intAttribute("keepdims", keepDims ? 1 : 0));
    return new Tensor(
        node.getName(), keepDims ? x.layout() : Layout.TF, translator.staticShape(node.getName()));
  }

  private Translated reshape(NodeDef node) {
    Tensor x = writer.inTfLayout(translator.tensor(node.getInput(0), node.getName()));
    Constant shape = translator.integers(node, 1, 1, "vector as its shape");
    String target = writer.initializer(shape.name(), shape.shape(), null, shape.longs());
    writer.emit("Reshape", node.getName(), List.of(x.name(), target));
    return new Tensor(node.getName(), Layout.TF, translator.staticShape(node.getName()));
  }

  private Translated matMul(NodeDef node) {
    if (node.getAttrOrThrow("transpose_a").getB() || node.getAttrOrThrow("transpose_b").getB()) {
      throw new UnsupportedGraphException("matmul '" + node.getName() + "' transposes an input");
    }
    Tensor x = writer.inTfLayout(translator.tensor(node.getInput(0), node.getName()));
    Constant weights = translator.constant(node.getInput(1), node.getName());
    requireFloats(weights, node);
    writer.emit(
        "MatMul",
        node.getName(),
        List.of(x.name(), writer.initializer(weights.name(), weights.shape(), weights.floats())));
    return new Tensor(node.getName(), Layout.TF, translator.staticShape(node.getName()));
  }

  private Translated softmax(NodeDef node) {
    Tensor x = writer.inTfLayout(translator.tensor(node.getInput(0), node.getName()));
    writer.emit("Softmax", node.getName(), List.of(x.name()), intAttribute("axis", -1));
    return new Tensor(node.getName(), Layout.TF, translator.staticShape(node.getName()));
  }

  private Translated argMax(NodeDef node) {
    Tensor x = writer.inTfLayout(translator.tensor(node.getInput(0), node.getName()));
    Constant axis = translator.integers(node, 1, 0, "scalar as its axis");
    if (node.getAttrOrThrow("output_type").getType() != DataType.DT_INT64) {
      throw new UnsupportedGraphException("argmax '" + node.getName() + "' does not give int64");
    }
    writer.emit(
        "ArgMax",
        node.getName(),
        List.of(x.name()),
        intAttribute("axis", axis.longs()[0]),
        intAttribute("keepdims", 0),
        intAttribute("select_last_index", 0));
    return new Tensor(node.getName(), Layout.TF, translator.staticShape(node.getName()));
  }
}
