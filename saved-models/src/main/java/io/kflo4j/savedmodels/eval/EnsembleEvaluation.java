package io.kflo4j.savedmodels.eval;

import io.kflo4j.common.progress.ProgressReporter;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.savedmodels.Evaluation;
import io.kflo4j.savedmodels.InferenceModel;
import io.kflo4j.savedmodels.images.Pixels;
import java.util.Arrays;
import java.util.List;

/**
 * The accuracy of an ensemble of exported models: each image's class probabilities averaged over
 * the models (softmax of each model's logits), ranked as one model's would be. It is the ceiling a
 * student distilled from these models aims at.
 */
public final class EnsembleEvaluation {
  private EnsembleEvaluation() {}

  /**
   * Evaluates the ensemble of {@code models} on {@code images}.
   *
   * @throws IllegalArgumentException when a model's classes (count or names) differ from the
   *     images', naming the model
   */
  public static Evaluation evaluate(
      List<? extends InferenceModel> models, ImageSet images, ProgressReporter progress) {
    if (models.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one model");
    }
    for (InferenceModel model : models) {
      if (!model.metadata().classNames().equals(images.classNames())) {
        throw new IllegalArgumentException(
            "model "
                + model.location()
                + (model.metadata().numClasses() == images.numClasses()
                    ? " names its classes "
                        + model.metadata().classNames()
                        + ", the images "
                        + images.classNames()
                    : " classifies "
                        + model.metadata().numClasses()
                        + " classes, the images have "
                        + images.numClasses()));
      }
    }
    int classes = images.numClasses();
    Evaluation.Accumulator accumulator = Evaluation.accumulator(images.classNames());
    int[] labels = images.labels();
    progress.start("evaluating an ensemble of " + models.size(), images.size(), "images");
    try {
      for (int first = 0; first < images.size(); first += InferenceModel.EVALUATION_BATCH) {
        int count = Math.min(InferenceModel.EVALUATION_BATCH, images.size() - first);
        byte[] pixels = Pixels.planarToNhwc(images.pixels(), first, count);
        double[] mean = new double[count * classes];
        for (InferenceModel model : models) {
          float[] logits = model.logits(pixels, count);
          addSoftmax(logits, count, classes, 1.0 / models.size(), mean);
        }
        float[] logMean = new float[mean.length];
        for (int i = 0; i < mean.length; i++) {
          logMean[i] = (float) Math.log(mean[i]);
        }
        accumulator.add(logMean, Arrays.copyOfRange(labels, first, first + count));
        progress.step(count);
      }
    } finally {
      progress.finish();
    }
    return accumulator.result();
  }

  /** Adds {@code weight} times each row's softmax of {@code logits} to {@code sum}. */
  static void addSoftmax(float[] logits, int rows, int classes, double weight, double[] sum) {
    for (int r = 0; r < rows; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        max = Math.max(max, logits[r * classes + c]);
      }
      double total = 0;
      for (int c = 0; c < classes; c++) {
        total += Math.exp(logits[r * classes + c] - max);
      }
      for (int c = 0; c < classes; c++) {
        sum[r * classes + c] += weight * Math.exp(logits[r * classes + c] - max) / total;
      }
    }
  }
}
