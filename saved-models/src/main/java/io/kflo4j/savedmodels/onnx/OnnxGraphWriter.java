package io.kflo4j.savedmodels.onnx;

import io.kflo4j.savedmodels.onnx.Translated.Layout;
import io.kflo4j.savedmodels.onnx.Translated.Tensor;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.AttributeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.GraphProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.NodeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.ValueInfoProto;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The ONNX graph being written: its nodes, initializers, inputs and outputs under names that are
 * unique in the graph, and the transposes between TensorFlow's layout and NCHW (each written once
 * per tensor).
 */
final class OnnxGraphWriter {
  private static final long[] TO_NCHW = {0, 3, 1, 2};
  private static final long[] TO_NHWC = {0, 2, 3, 1};

  private final GraphProto.Builder out = GraphProto.newBuilder();
  private final Set<String> usedNames;
  private final Predicate<String> isConstantNode;
  private final Map<String, String> transposes = new HashMap<>();
  private final Map<String, String> initializers = new HashMap<>();

  /**
   * @param reservedNames names no new node or initializer may take (the TensorFlow graph's nodes)
   * @param isConstantNode whether a TensorFlow node is a constant or variable: its initializer may
   *     keep the node's name, as the node itself never becomes an ONNX node
   */
  OnnxGraphWriter(Set<String> reservedNames, Predicate<String> isConstantNode) {
    this.usedNames = new HashSet<>(reservedNames);
    this.isConstantNode = isConstantNode;
  }

  /** Declares a graph input. */
  void addInput(ValueInfoProto input) {
    out.addInput(input);
  }

  /** Declares a graph output. */
  void addOutput(ValueInfoProto output) {
    out.addOutput(output);
  }

  /** The graph written so far. */
  GraphProto build() {
    return out.build();
  }

  /** {@code x} in NCHW: transposed once if it is not yet; refused unless 4-D. */
  Tensor inNchw(Tensor x) {
    if (x.rank() != 4) {
      throw new UnsupportedGraphException(
          "'" + x.name() + "' is of rank " + x.rank() + " where a 4-D tensor is needed");
    }
    return x.isNchw() ? x : transpose(x, TO_NCHW, "_nchw", Layout.NCHW);
  }

  /** {@code x} in TensorFlow's layout: transposed back once if it is NCHW. */
  Tensor inTfLayout(Tensor x) {
    return x.isNchw() ? transpose(x, TO_NHWC, "_nhwc", Layout.TF) : x;
  }

  /** The transpose of {@code x} by {@code perm}, written the first time it is asked for. */
  private Tensor transpose(Tensor x, long[] perm, String suffix, Layout layout) {
    String name =
        transposes.computeIfAbsent(
            x.name() + suffix,
            key -> {
              String unique = unique(key);
              emit("Transpose", unique, List.of(x.name()), intsAttribute("perm", perm));
              return unique;
            });
    return new Tensor(name, layout, x.tfShape());
  }

  /** {@link #initializer(String, long[], float[], long[])} of float values. */
  String initializer(String base, long[] shape, float[] floats) {
    return initializer(base, shape, floats, null);
  }

  /** Writes a constant once under a name of its own; returns the name. */
  String initializer(String base, long[] shape, float[] floats, long[] longs) {
    String key = "init:" + base;
    String existing = initializers.get(key);
    if (existing != null) {
      return existing;
    }
    // a constant's own node never becomes an ONNX node, so its name is free; other forms get new
    // names
    String name = isConstantNode.test(base) ? base : unique(base);
    out.addInitializer(
        floats != null
            ? OnnxTensors.floats(name, shape, floats)
            : OnnxTensors.longs(name, shape, longs));
    initializers.put(key, name);
    return name;
  }

  /** {@code base}, or {@code base_N} with the first N that makes it unused; reserves it. */
  private String unique(String base) {
    String name = base;
    for (int i = 1; usedNames.contains(name); i++) {
      name = base + "_" + i;
    }
    usedNames.add(name);
    return name;
  }

  /** Writes a node of ONNX type {@code op}, named after its one output. */
  void emit(String op, String output, List<String> inputs, AttributeProto... attributes) {
    usedNames.add(output);
    out.addNode(
        NodeProto.newBuilder()
            .setName(output)
            .setOpType(op)
            .addAllInput(inputs)
            .addOutput(output)
            .addAllAttribute(List.of(attributes)));
  }

  /** An integer attribute. */
  static AttributeProto intAttribute(String name, long value) {
    return attribute(name, AttributeProto.AttributeType.INT).setI(value).build();
  }

  /** A list-of-integers attribute. */
  static AttributeProto intsAttribute(String name, long[] values) {
    return attribute(name, AttributeProto.AttributeType.INTS)
        .addAllInts(Arrays.stream(values).boxed().toList())
        .build();
  }

  private static AttributeProto.Builder attribute(String name, AttributeProto.AttributeType type) {
    return AttributeProto.newBuilder().setName(name).setType(type);
  }
}
