package io.kflo4j.graph;

import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.TensorValues;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
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

/** A model in its own graph and session, with a plain SGD step for tests. */
final class GraphFixture implements AutoCloseable {
  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final Placeholder<TFloat32> images =
      tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
  final Placeholder<TInt32> labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
  final Model model;
  final Session session;
  private Op trainStep;

  GraphFixture(ModelSpec spec, long seed) {
    model = Model.build(tf, images, spec, EnumSet.allOf(Mode.class), seed);
    session = new Session(graph);
    model.initialize(session, seed);
  }

  /** Adds a gradient-descent step on the mean cross-entropy over every trainable variable. */
  Op trainStep(float learningRate) {
    if (trainStep == null) {
      Operand<TFloat32> logits = model.logits(Mode.TRAINING);
      Operand<TFloat32> oneHot =
          tf.oneHot(
              labels, tf.constant(model.spec().numClasses()), tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> loss =
          tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
      List<ModelVariable> trainables = model.trainableVariables();
      Output<?>[] variables =
          trainables.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new);
      Output<?>[] gradients = graph.addGradients(loss.asOutput(), variables);
      // Updates wait for every gradient, as in the trainer's step: the kernels are read through
      // aliasing identities,
      // and in-place updates racing the backward pass turned VGG16's first kernels to NaN
      // (schedule-dependent).
      List<Op> gradientOps = new ArrayList<>(model.batchNormUpdates());
      for (Output<?> gradient : gradients) {
        @SuppressWarnings("unchecked")
        Output<TFloat32> typed = (Output<TFloat32>) gradient;
        gradientOps.add(tf.identity(typed));
      }
      Ops afterGradients = tf.withControlDependencies(gradientOps);
      List<Op> updates = new ArrayList<>(model.batchNormUpdates());
      for (int i = 0; i < trainables.size(); i++) {
        @SuppressWarnings("unchecked")
        Output<TFloat32> gradient = (Output<TFloat32>) gradients[i];
        updates.add(
            afterGradients.train.applyGradientDescent(
                trainables.get(i).variable(), tf.constant(learningRate), gradient));
      }
      trainStep = tf.withControlDependencies(updates).noOp();
    }
    return trainStep;
  }

  void runTrainStep(float[] batch, int[] batchLabels, float learningRate) {
    Op step = trainStep(learningRate);
    try (TFloat32 x = imagesTensor(batch);
        TInt32 y = TInt32.vectorOf(batchLabels)) {
      session.runner().feed(images, x).feed(labels, y).addTarget(step).run();
    }
  }

  float[] logits(Mode mode, float[] batch) {
    try (TFloat32 x = imagesTensor(batch);
        Result result = session.runner().feed(images, x).fetch(model.logits(mode)).run()) {
      return TensorValues.copy((TFloat32) result.get(0));
    }
  }

  float[] features(Mode mode, float[] batch) {
    try (TFloat32 x = imagesTensor(batch);
        Result result = session.runner().feed(images, x).fetch(model.features(mode)).run()) {
      return TensorValues.copy((TFloat32) result.get(0));
    }
  }

  static TFloat32 imagesTensor(float[] batch) {
    return TFloat32.tensorOf(
        Shape.of(batch.length / 3072, 32, 32, 3), DataBuffers.of(batch, true, false));
  }

  static float[] randomImages(int count, long seed) {
    Random random = new Random(seed);
    float[] images = new float[count * 3072];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    return images;
  }

  static float maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
    }
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
