package io.kflo4j.savedmodels.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.savedmodels.onnx.Translated.Constant;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.NodeDef;

class ConstantArithmeticTest {
  private static Constant vector(String name, float... values) {
    return new Constant(name, new long[] {values.length}, values, null);
  }

  private static NodeDef node(String op, String name) {
    return NodeDef.newBuilder().setOp(op).setName(name).build();
  }

  private static Constant scalar(String name, float value) {
    return new Constant(name, new long[0], new float[] {value}, null);
  }

  @Test
  void theInferenceBatchNormsScaleAndOffsetAsTensorFlowComputesThem() {
    Constant gamma = vector("gamma", 2f, 0.5f);
    Constant variance = vector("variance", 3f, 0.25f);
    Constant scale =
        ConstantArithmetic.binary(
            node("Mul", "bn_inference_scale"),
            gamma,
            ConstantArithmetic.rsqrt(
                node("Rsqrt", "rsqrt"),
                ConstantArithmetic.binary(node("Add", "v_eps"), variance, scalar("eps", 1f))));
    assertEquals("bn_inference_scale", scale.name());
    assertArrayEquals(new long[] {2}, scale.shape());
    assertArrayEquals(new float[] {1f, 0.5f / (float) Math.sqrt(1.25)}, scale.floats(), 1e-7f);
    Constant offset =
        ConstantArithmetic.binary(
            node("Sub", "bn_inference_offset"),
            vector("beta", 1f, -1f),
            ConstantArithmetic.binary(node("Mul", "mean_scale"), vector("mean", 4f, 2f), scale));
    assertArrayEquals(
        new float[] {1f - 4f, -1f - 2f * 0.5f / (float) Math.sqrt(1.25)}, offset.floats(), 1e-7f);
    assertArrayEquals(
        new float[] {-1f, -2f},
        ConstantArithmetic.binary(node("Sub", "d"), scalar("one", 1f), vector("x", 2f, 3f))
            .floats());
  }

  @Test
  void mismatchedShapesAndIntegersAreRefusedByName() {
    assertEquals(
        "Mul 'm' combines constants of shapes [2] and [3]",
        assertThrows(
                UnsupportedGraphException.class,
                () ->
                    ConstantArithmetic.binary(
                        node("Mul", "m"), vector("a", 1f, 2f), vector("b", 1f, 2f, 3f)))
            .getMessage());
    Constant shape = new Constant("shape", new long[] {2}, null, new long[] {-1, 576});
    assertEquals(
        "Rsqrt 'r' takes the integer constant 'shape'",
        assertThrows(
                UnsupportedGraphException.class,
                () -> ConstantArithmetic.rsqrt(node("Rsqrt", "r"), shape))
            .getMessage());
  }
}
