package io.kflo4j.savedmodels.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.savedmodels.OnnxModel;
import io.kflo4j.savedmodels.deploy.DeployedGraph;
import io.kflo4j.savedmodels.images.Pixels;
import io.kflo4j.savedmodels.metadata.ExportMetadata;
import io.kflo4j.savedmodels.testing.SmallModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Every architecture's inference graph, unfolded and folded, translated to ONNX and run in ONNX
 * Runtime gives the TensorFlow graph's logits (random weights of realistic scale); what is not
 * translated is refused by name.
 */
class OnnxGraphTranslatorTest {
  private static final int IMAGES = 8;

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} fold={1}")
  @CsvSource({
    "cifar-quick, false",
    "cifar-quick, true",
    "vgg16, false",
    "vgg16, true",
    "wrn-10-2, false",
    "wrn-10-2, true",
    "diracnet-10-1, false",
    "diracnet-10-1, true"
  })
  void onnxRuntimeGivesTheTensorFlowGraphsLogits(String arch, boolean fold) throws IOException {
    ModelSpec spec = ModelSpec.of(arch, 10, "plain");
    byte[] pixels = new byte[IMAGES * Pixels.IMAGE_BYTES];
    new Random(3).nextBytes(pixels);
    try (DeployedGraph graph = DeployedGraph.build(spec, Normalization.standard(), fold)) {
      Map<String, float[]> values = randomValues(graph.layout().variables(), 11);
      graph.assign(values);
      float[] expected = tensorFlowLogits(graph, pixels);
      ExportMetadata metadata =
          new ExportMetadata(
              arch,
              10,
              SmallModels.classNames(10),
              "synthetic",
              "plain",
              fold,
              null,
              null,
              null,
              null,
              null,
              null);
      Path file = tmp.resolve(OnnxFormat.MODEL_FILE);
      Files.write(file, OnnxExport.model(graph, values, metadata).toByteArray());
      try (OnnxModel onnx = OnnxModel.load(file)) {
        float[] actual = onnx.logits(pixels, IMAGES);
        double largest = 0;
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
          largest = Math.max(largest, Math.abs(expected[i]));
          maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(largest > 0.5 && largest < 1000, "logits of order " + largest);
        assertTrue(maxDiff <= 1e-4, arch + " fold=" + fold + ": max |difference| " + maxDiff);
      }
    }
  }

  @Test
  void anOpItDoesNotTranslateIsRefusedByName() {
    UnsupportedGraphException e =
        assertThrows(UnsupportedGraphException.class, () -> translate((tf, x) -> tf.math.tanh(x)));
    assertEquals(
        "node 'Tanh' is a Tanh, which kflo4j does not translate to ONNX (it translates Add, ArgMax,"
            + " AvgPool, BiasAdd, Cast, Const, Conv2D, Identity, MatMul, MaxPool, Mean, Mul,"
            + " Placeholder, Relu, Reshape, Rsqrt, Softmax, Sub, VariableV2)",
        e.getMessage());
  }

  @Test
  void aDilatedConvIsRefused() {
    UnsupportedGraphException e =
        assertThrows(
            UnsupportedGraphException.class,
            () ->
                translate(
                    (tf, x) ->
                        tf.nn.conv2d(
                            x,
                            tf.constant(new float[3][3][3][4]),
                            List.of(1L, 1L, 1L, 1L),
                            "SAME",
                            org.tensorflow.op.nn.Conv2d.dilations(List.of(1L, 2L, 2L, 1L)))));
    assertEquals("conv 'Conv2d' has dilations [1, 2, 2, 1]", e.getMessage());
  }

  @Test
  void aConstantThatIsNeitherScalarNorPerChannelIsRefused() {
    UnsupportedGraphException e =
        assertThrows(
            UnsupportedGraphException.class,
            () -> translate((tf, x) -> tf.math.mul(x, tf.constant(new float[32][1][1]))));
    assertEquals(
        "Mul 'Mul' combines a constant of shape [32, 1, 1] with a tensor of shape [-1, 32, 32, 3] (only"
            + " scalars and per-channel vectors are translated)",
        e.getMessage());
  }

  /** Translates {@code images -> Cast -> body -> logits}. */
  private static void translate(
      java.util.function.BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> body) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TUint8> images =
          tf.withName(DeployedGraph.INPUT)
              .placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
      tf.withName(DeployedGraph.LOGITS)
          .identity(body.apply(tf, tf.dtypes.cast(images, TFloat32.class)));
      OnnxGraphTranslator.translate(
          graph, DeployedGraph.INPUT, Map.of(), Map.of(), List.of(DeployedGraph.LOGITS));
    }
  }

  private static float[] tensorFlowLogits(DeployedGraph graph, byte[] pixels) {
    try (TUint8 images =
            TUint8.tensorOf(Shape.of(IMAGES, 32, 32, 3), DataBuffers.of(pixels, true, false));
        Result result =
            graph
                .session()
                .runner()
                .feed(DeployedGraph.INPUT, images)
                .fetch(DeployedGraph.LOGITS)
                .run()) {
      return TensorValues.copy((TFloat32) result.get(0));
    }
  }

  /**
   * Weights of a trained network's scale: kernels uniform with variance 2 / fan-in (the last
   * layer's larger, for logits of order 1 to 10), batch-norm scales in [0.5, 1.5], offsets and
   * means in [-0.3, 0.3], variances in [0.5, 2], biases in [-0.1, 0.1].
   */
  static Map<String, float[]> randomValues(Map<String, long[]> shapes, long seed) {
    Random random = new Random(seed);
    Map<String, float[]> values = new LinkedHashMap<>();
    shapes.forEach(
        (name, shape) -> {
          long size = 1;
          for (long dim : shape) {
            size *= dim;
          }
          double low;
          double high;
          if (name.endsWith("_kernel")) {
            long fanIn = size / shape[shape.length - 1];
            double limit = Math.sqrt(6.0 / fanIn) * (name.startsWith("fc") ? 2 : 1);
            low = -limit;
            high = limit;
          } else if (name.endsWith("_gamma") || name.endsWith("_scale")) {
            low = 0.5;
            high = 1.5;
          } else if (name.endsWith("_variance")) {
            low = 0.5;
            high = 2;
          } else if (name.endsWith("_bias")) {
            low = -0.1;
            high = 0.1;
          } else {
            low = -0.3;
            high = 0.3;
          }
          float[] v = new float[Math.toIntExact(size)];
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) (low + (high - low) * random.nextDouble());
          }
          values.put(name, v);
        });
    return values;
  }
}
