package io.kflo4j.transfer.init;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.layers.Mode;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.TensorValues;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** A model in its own session, with SGD steps to make batch-norm statistics non-trivial. */
final class ModelFixture implements AutoCloseable {
  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final Placeholder<TFloat32> images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
  final Placeholder<TInt32> labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
  final Model model;
  final Session session;

  ModelFixture(String arch, int classes, String reparam, long seed) {
    model = Model.build(tf, images, ModelSpec.of(arch, classes, reparam), EnumSet.allOf(Mode.class), seed);
    session = new Session(graph);
    model.initialize(session, seed);
  }

  void trainSteps(int steps, long seed) {
    Operand<TFloat32> oneHot =
        tf.oneHot(labels, tf.constant(model.spec().numClasses()), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> loss = tf.math.mean(
        tf.nn.softmaxCrossEntropyWithLogits(model.logits(Mode.TRAINING), oneHot).loss(), tf.constant(0));
    List<ModelVariable> trainables = model.trainableVariables();
    Output<?>[] gradients = graph.addGradients(loss.asOutput(),
        trainables.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new));
    List<Op> updates = new ArrayList<>(model.batchNormUpdates());
    for (int i = 0; i < trainables.size(); i++) {
      @SuppressWarnings("unchecked")
      Output<TFloat32> gradient = (Output<TFloat32>) gradients[i];
      updates.add(tf.train.applyGradientDescent(trainables.get(i).variable(), tf.constant(0.05f), gradient));
    }
    Op step = tf.withControlDependencies(updates).noOp();
    Random random = new Random(seed);
    for (int s = 0; s < steps; s++) {
      float[] batch = randomImages(16, seed + s);
      int[] y = random.ints(16, 0, model.spec().numClasses()).toArray();
      try (TFloat32 x = tensor(batch); TInt32 t = TInt32.vectorOf(y)) {
        session.runner().feed(images, x).feed(labels, t).addTarget(step).run();
      }
    }
  }

  float[] features(float[] batch) {
    try (TFloat32 x = tensor(batch);
        Result result = session.runner().feed(images, x).fetch(model.features(Mode.INFERENCE)).run()) {
      return TensorValues.copy((TFloat32) result.get(0));
    }
  }

  /** This model as a transfer source (its deployed values under the plain names). */
  SourceModel asSource(String name) {
    return new SourceModel(name, model.spec().architecture().spec(), model.spec().numClasses(),
        model.deployedValues(session), new LinkedHashMap<>(model.deployedShapes()));
  }

  static TFloat32 tensor(float[] batch) {
    return TFloat32.tensorOf(Shape.of(batch.length / 3072, 32, 32, 3), DataBuffers.of(batch, true, false));
  }

  static float[] randomImages(int count, long seed) {
    Random random = new Random(seed);
    float[] images = new float[count * 3072];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    return images;
  }

  static Map<String, float[]> copy(Map<String, float[]> values) {
    Map<String, float[]> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, v.clone()));
    return copy;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
