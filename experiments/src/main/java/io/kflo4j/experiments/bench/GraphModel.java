package io.kflo4j.experiments.bench;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.savedmodels.images.Pixels;
import java.util.EnumSet;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** A model's inference path in its own graph and session, fed normalized floats. */
final class GraphModel implements AutoCloseable {
  final Graph graph = new Graph();
  final Session session;
  final Model model;
  final Placeholder<TFloat32> images;

  GraphModel(ModelSpec spec, long seed) {
    Ops tf = Ops.create(graph);
    images =
        tf.placeholder(
            TFloat32.class, Placeholder.shape(Shape.of(-1, Pixels.SIDE, Pixels.SIDE, 3)));
    model = Model.build(tf, images, spec, EnumSet.of(Mode.INFERENCE), seed);
    session = new Session(graph);
    model.initialize(session, seed);
  }

  float[] logits(TFloat32 batch) {
    try (org.tensorflow.Result result =
        session.runner().feed(images, batch).fetch(model.logits(Mode.INFERENCE)).run()) {
      return TensorValues.copy((TFloat32) result.get(0));
    }
  }

  float[] logits(float[] normalizedNhwc, int count) {
    try (TFloat32 x =
        TFloat32.tensorOf(
            Shape.of(count, Pixels.SIDE, Pixels.SIDE, 3),
            DataBuffers.of(normalizedNhwc, true, false))) {
      return logits(x);
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
