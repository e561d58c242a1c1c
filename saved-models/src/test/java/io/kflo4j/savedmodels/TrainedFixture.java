package io.kflo4j.savedmodels;

import io.kflo4j.datasets.ImageSet;
import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.layers.Mode;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.savedmodels.images.Pixels;
import io.kflo4j.datasets.batch.Normalization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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

/**
 * A model in its own graph and session (training and inference paths), trained a few plain SGD steps on synthetic
 * images, then given random batch-norm parameters and statistics and a classifier scaled so that logits are of
 * order 1 to 10: the "training run" an export starts from, with nothing trivial for folding to get away with.
 */
final class TrainedFixture implements AutoCloseable {
  static final int CLASSES = 10;

  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final Placeholder<TFloat32> images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
  final Placeholder<TInt32> labels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
  final Model model;
  final Session session;

  TrainedFixture(ModelSpec spec, long seed, int steps) {
    model = Model.build(tf, images, spec, EnumSet.allOf(Mode.class), seed);
    session = new Session(graph);
    model.initialize(session, seed);
    if (steps > 0) {
      Op step = trainStep(0.05f);
      ImageSet data = ImageSet.random(16 * steps, spec.numClasses(), seed + 1);
      int[] allLabels = data.labels();
      for (int s = 0; s < steps; s++) {
        float[] batch = Pixels.normalize(Pixels.planarToNhwc(data.pixels(), 16 * s, 16), Normalization.standard());
        try (TFloat32 x = tensor(batch);
            TInt32 y = TInt32.vectorOf(java.util.Arrays.copyOfRange(allLabels, 16 * s, 16 * s + 16))) {
          session.runner().feed(images, x).feed(labels, y).addTarget(step).run();
        }
      }
    }
  }

  /**
   * Trains 3 steps of {@code arch} with {@code reparam}, then randomizes every batch norm (gamma in [0.5, 1.5], beta
   * in [-0.5, 0.5], moving mean in [-0.3, 0.3], moving variance in [0.5, 2]) and scales the classifier by 20.
   */
  static TrainedFixture trained(String arch, String reparam, long seed) {
    TrainedFixture fixture = new TrainedFixture(ModelSpec.of(arch, CLASSES, reparam), seed, 3);
    fixture.perturb(seed);
    return fixture;
  }

  private void perturb(long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    Map<String, float[]> current = model.variables().readAll(session);
    Map<String, float[]> changed = new java.util.LinkedHashMap<>();
    for (ModelVariable variable : model.variables().all()) {
      double[] range = switch (variable.role()) {
        case BN_GAMMA -> new double[] {0.5, 1.5};
        case BN_BETA -> new double[] {-0.5, 0.5};
        case BN_MOVING_MEAN -> new double[] {-0.3, 0.3};
        case BN_MOVING_VARIANCE -> new double[] {0.5, 2.0};
        default -> null;
      };
      if (range != null) {
        float[] values = new float[variable.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) random.nextDouble(range[0], range[1]);
        }
        changed.put(variable.name(), values);
      }
    }
    List<io.kflo4j.graph.layers.KernelLayer> layers = model.kernelLayers();
    for (ModelVariable variable : layers.get(layers.size() - 1).generated().variables()) {
      if (variable.role() != io.kflo4j.graph.variables.VariableRole.CASCADE_KERNEL) {
        float[] values = current.get(variable.name()).clone();
        for (int i = 0; i < values.length; i++) {
          values[i] *= 20;
        }
        changed.put(variable.name(), values);
      }
    }
    model.variables().assign(session, changed);
  }

  private Op trainStep(float learningRate) {
    Operand<TFloat32> logits = model.logits(Mode.TRAINING);
    Operand<TFloat32> oneHot =
        tf.oneHot(labels, tf.constant(model.spec().numClasses()), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> loss =
        tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
    List<ModelVariable> trainables = model.trainableVariables();
    Output<?>[] variables = trainables.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new);
    Output<?>[] gradients = graph.addGradients(loss.asOutput(), variables);
    List<Op> updates = new ArrayList<>(model.batchNormUpdates());
    for (int i = 0; i < trainables.size(); i++) {
      @SuppressWarnings("unchecked")
      Output<TFloat32> gradient = (Output<TFloat32>) gradients[i];
      updates.add(tf.train.applyGradientDescent(trainables.get(i).variable(), tf.constant(learningRate), gradient));
    }
    return tf.withControlDependencies(updates).noOp();
  }

  /** Inference-mode logits of the training graph: the reference of an export. */
  float[] logits(float[] normalizedNhwc, int count) {
    try (TFloat32 x = tensor(normalizedNhwc);
        Result result = session.runner().feed(images, x).fetch(model.logits(Mode.INFERENCE)).run()) {
      return TensorValues.copy((TFloat32) result.get(0));
    }
  }

  Map<String, float[]> deployedValues() {
    return model.deployedValues(session);
  }

  /** An export request for this model with synthetic verification images. */
  ExportRequest.Builder request(Path target, boolean fold) {
    return ExportRequest.builder()
        .setSpec(model.spec())
        .setDeployedValues(deployedValues())
        .setReference(this::logits)
        .setClassNames(classNames(model.spec().numClasses()))
        .setDataset("synthetic")
        .setVerificationImages(ImageSet.random(Equivalence.MIN_IMAGES, model.spec().numClasses(), 99), "synthetic")
        .setTarget(target)
        .optFoldBatchNorm(fold);
  }

  static List<String> classNames(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("class" + i);
    }
    return names;
  }

  private static TFloat32 tensor(float[] batch) {
    return TFloat32.tensorOf(Shape.of(batch.length / 3072, 32, 32, 3), DataBuffers.of(batch, true, false));
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
