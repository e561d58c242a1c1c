package io.kflo4j.savedmodels.onnx;

import com.google.protobuf.ByteString;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** ONNX initializers from Java arrays, and the one kernel layout change ONNX's Conv needs. */
final class OnnxTensors {
  private OnnxTensors() {}

  /** A float tensor of {@code shape} holding {@code values} (row-major), little-endian raw data. */
  static TensorProto floats(String name, long[] shape, float[] values) {
    ByteBuffer bytes = littleEndian(values.length * Float.BYTES);
    bytes.asFloatBuffer().put(values);
    return tensor(name, TensorProto.DataType.FLOAT, shape, bytes);
  }

  /** An int64 tensor of {@code shape} holding {@code values}. */
  static TensorProto longs(String name, long[] shape, long[] values) {
    ByteBuffer bytes = littleEndian(values.length * Long.BYTES);
    bytes.asLongBuffer().put(values);
    return tensor(name, TensorProto.DataType.INT64, shape, bytes);
  }

  private static ByteBuffer littleEndian(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static TensorProto tensor(
      String name, TensorProto.DataType type, long[] shape, ByteBuffer raw) {
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(type.getNumber())
        .addAllDims(asList(shape))
        .setRawData(ByteString.copyFrom(raw.array()))
        .build();
  }

  /**
   * TensorFlow's conv kernel {@code [kh, kw, in, out]} as ONNX's {@code [out, in, kh, kw]}.
   *
   * @param hwio the kernel, row-major
   */
  static float[] hwioToOihw(float[] hwio, long[] shape) {
    int kh = Math.toIntExact(shape[0]);
    int kw = Math.toIntExact(shape[1]);
    int in = Math.toIntExact(shape[2]);
    int out = Math.toIntExact(shape[3]);
    float[] oihw = new float[hwio.length];
    for (int h = 0; h < kh; h++) {
      for (int w = 0; w < kw; w++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            oihw[((o * in + i) * kh + h) * kw + w] = hwio[((h * kw + w) * in + i) * out + o];
          }
        }
      }
    }
    return oihw;
  }

  private static java.util.List<Long> asList(long[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
