package io.kflo4j.graph.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.reparam.PlainParameterization;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.graph.variables.VariableStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class BatchNormTest {

  /**
   * Two images of 1x1 pixels, one channel: values 1 and 3 (mean 2, biased variance 1, unbiased 2).
   */
  private static final float[] INPUT = {1f, 3f};

  @Test
  void trainingUsesBatchStatisticsAndMovesTheAverages() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf);
      LayerFactory factory = new LayerFactory(tf, store, new PlainParameterization(), 1);
      BatchNorm bn = factory.batchNorm("bn", 1);
      Operand<TFloat32> x = tf.constant(Shape.of(2, 1, 1, 1), DataBuffers.of(INPUT));
      Operand<TFloat32> train = bn.apply(x, Mode.TRAINING);
      Operand<TFloat32> infer = bn.apply(x, Mode.INFERENCE);
      store.initialize(session, 1);

      float[] inferred = TensorValues.fetch(session, Map.of("y", infer)).get("y");
      assertArrayEquals(
          new float[] {(float) (1 / Math.sqrt(1 + 1e-5)), (float) (3 / Math.sqrt(1 + 1e-5))},
          inferred,
          1e-6f);
      assertArrayEquals(
          new float[] {0f}, store.read(session, List.of("bn_moving_mean")).get("bn_moving_mean"));

      var runner = session.runner().fetch(train);
      factory.batchNormUpdates().forEach(runner::addTarget);
      try (var result = runner.run()) {
        float[] normalized = TensorValues.copy((TFloat32) result.get(0));
        float expected = (float) (1 / Math.sqrt(1 + 1e-5));
        assertArrayEquals(new float[] {-expected, expected}, normalized, 1e-5f);
      }
      Map<String, float[]> moving =
          store.read(session, List.of("bn_moving_mean", "bn_moving_variance"));
      assertEquals(0.9f * 0 + 0.1f * 2, moving.get("bn_moving_mean")[0], 1e-6);
      assertEquals(0.9f * 1 + 0.1f * 2, moving.get("bn_moving_variance")[0], 1e-6);
    }
  }
}
