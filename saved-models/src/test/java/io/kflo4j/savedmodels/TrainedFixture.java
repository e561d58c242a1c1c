package io.kflo4j.savedmodels;

import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.savedmodels.images.Pixels;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.loop.TrainingGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;

/**
 * A model in a training graph (training and inference paths), trained a few SGD steps on synthetic
 * images, then given random batch-norm parameters and statistics and a classifier scaled so that
 * logits are of order 1 to 10: the "training run" an export starts from, with nothing trivial for
 * folding to get away with.
 */
final class TrainedFixture implements AutoCloseable {
  static final int CLASSES = 10;

  private final TrainingGraph graph;
  final Model model;
  final Session session;

  TrainedFixture(ModelSpec spec, long seed, int steps) {
    graph = new TrainingGraph(spec, OptimizerSettings.reference(), seed, 0);
    graph.initialize(seed);
    model = graph.model();
    session = graph.session();
    ImageSet data = ImageSet.random(16 * Math.max(steps, 1), spec.numClasses(), seed + 1);
    int[] allLabels = data.labels();
    for (int s = 0; s < steps; s++) {
      float[] batch =
          Pixels.normalize(
              Pixels.planarToNhwc(data.pixels(), 16 * s, 16), Normalization.standard());
      graph.step(batch, java.util.Arrays.copyOfRange(allLabels, 16 * s, 16 * s + 16), 16, 0.05);
    }
  }

  /**
   * Trains 3 steps of {@code arch} with {@code reparam}, then randomizes every batch norm (gamma in
   * [0.5, 1.5], beta in [-0.5, 0.5], moving mean in [-0.3, 0.3], moving variance in [0.5, 2]) and
   * scales the classifier by 20.
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
      double[] range =
          switch (variable.role()) {
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
      if (!variable.name().matches(".*_kflo_w([2-9]|\\d{2,})")) {
        float[] values = current.get(variable.name()).clone();
        for (int i = 0; i < values.length; i++) {
          values[i] *= 20;
        }
        changed.put(variable.name(), values);
      }
    }
    model.variables().assign(session, changed);
  }

  /** Inference-mode logits of the training graph: the reference of an export. */
  float[] logits(float[] normalizedNhwc, int count) {
    return graph.logits(normalizedNhwc, count);
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
        .setVerificationImages(
            ImageSet.random(Equivalence.MIN_IMAGES, model.spec().numClasses(), 99), "synthetic")
        .setTarget(target)
        .optFoldBatchNorm(fold);
  }

  static List<String> classNames(int count) {
    return io.kflo4j.savedmodels.testing.SmallModels.classNames(count);
  }

  @Override
  public void close() {
    graph.close();
  }
}
