package io.kflo4j.transfer.init;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.loop.TrainingGraph;
import java.util.LinkedHashMap;
import java.util.Random;
import org.tensorflow.Session;

/** A model in a training graph, with a few SGD steps to make batch-norm statistics non-trivial. */
final class ModelFixture implements AutoCloseable {
  private final TrainingGraph graph;
  final Model model;
  final Session session;

  ModelFixture(String arch, int classes, String reparam, long seed) {
    graph =
        new TrainingGraph(
            ModelSpec.of(arch, classes, reparam), OptimizerSettings.reference(), seed, 0);
    graph.initialize(seed);
    model = graph.model();
    session = graph.session();
  }

  void trainSteps(int steps, long seed) {
    Random random = new Random(seed);
    for (int s = 0; s < steps; s++) {
      int[] labels = random.ints(16, 0, model.spec().numClasses()).toArray();
      graph.step(randomImages(16, seed + s), labels, 16, 0.05);
    }
  }

  float[] logits(float[] batch) {
    return graph.logits(batch, batch.length / 3072);
  }

  float[] features(float[] batch) {
    return graph.features(batch, batch.length / 3072);
  }

  /** This model as a transfer source (its deployed values under the plain names). */
  SourceModel asSource(String name) {
    return new SourceModel(
        name,
        model.spec().architecture().spec(),
        model.spec().numClasses(),
        model.deployedValues(session),
        new LinkedHashMap<>(model.deployedShapes()));
  }

  /** The largest absolute difference of two arrays of one length. */
  static float maxAbsDiff(float[] a, float[] b) {
    float max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  static float[] randomImages(int count, long seed) {
    Random random = new Random(seed);
    float[] images = new float[count * 3072];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    return images;
  }

  @Override
  public void close() {
    graph.close();
  }
}
