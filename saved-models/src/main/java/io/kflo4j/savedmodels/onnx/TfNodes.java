package io.kflo4j.savedmodels.onnx;

import io.kflo4j.savedmodels.onnx.Translated.Constant;
import io.kflo4j.savedmodels.onnx.Translated.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

/**
 * Reads TensorFlow nodes for the ONNX translation: a constant's values, the spatial attributes of
 * convolutions and pools, TensorFlow's padding as ONNX's explicit pads; whatever is not translated
 * is refused with an {@link UnsupportedGraphException} naming the node.
 */
final class TfNodes {
  private TfNodes() {}

  /** The values of the {@code Const} node {@code node}: float, int32 or int64. */
  static Constant constant(NodeDef node) {
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

  /**
   * ONNX's explicit pads {@code [top, left, bottom, right]} for TensorFlow's padding of {@code
   * node} over the NCHW input {@code x}: none for {@code VALID}; for {@code SAME} the total that
   * gives {@code ceil(in / stride)} outputs, half (rounded down) before and the rest after.
   */
  static long[] pads(NodeDef node, Tensor x, long[] k, long[] strides) {
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

  /** Refuses an integer constant where {@code node} needs float values. */
  static void requireFloats(Constant c, NodeDef node) {
    if (c.floats() == null) {
      throw new UnsupportedGraphException(
          node.getOp() + " '" + node.getName() + "' takes the integer constant '" + c.name() + "'");
    }
  }

  /** Refuses a node whose {@code data_format} is not NHWC. */
  static void requireNhwc(NodeDef node) {
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

  /** A list-of-integers attribute of {@code node}. */
  static long[] longs(NodeDef node, String attribute) {
    return node.getAttrOrThrow(attribute).getList().getIList().stream()
        .mapToLong(Long::longValue)
        .toArray();
  }

  /** The spatial entries of an NHWC {@code [1, h, w, 1]} attribute. */
  static long[] spatial(NodeDef node, String attribute) {
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
}
