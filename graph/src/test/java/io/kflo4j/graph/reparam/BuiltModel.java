package io.kflo4j.graph.reparam;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.variables.ModelVariable;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** A model's inference path in its own graph and session, initialized, for formula tests. */
record BuiltModel(Graph graph, Session session, Model model) implements AutoCloseable {

  static BuiltModel of(String arch, String reparam) {
    Graph graph = new Graph();
    Ops tf = Ops.create(graph);
    Placeholder<TFloat32> images =
        tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
    Model model =
        Model.build(tf, images, ModelSpec.of(arch, 10, reparam), EnumSet.of(Mode.INFERENCE), 1);
    Session session = new Session(graph);
    model.initialize(session, 1);
    return new BuiltModel(graph, session, model);
  }

  /** Sets every variable whose name ends with {@code suffix} to uniform values in [low, high). */
  Map<String, float[]> randomize(String suffix, double low, double high) {
    SplittableRandom random = new SplittableRandom(suffix.hashCode());
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ModelVariable variable : model.variables().all()) {
      if (variable.name().endsWith(suffix)) {
        float[] value = new float[variable.size()];
        for (int i = 0; i < value.length; i++) {
          value[i] = (float) random.nextDouble(low, high);
        }
        values.put(variable.name(), value);
      }
    }
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no variable ends with " + suffix);
    }
    model.variables().assign(session, values);
    return values;
  }

  Map<String, float[]> variables() {
    return model.variables().readAll(session);
  }

  Map<String, float[]> deployed() {
    return model.deployedValues(session);
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
