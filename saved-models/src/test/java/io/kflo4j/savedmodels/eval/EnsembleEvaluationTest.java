package io.kflo4j.savedmodels.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.savedmodels.Evaluation;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.images.Pixels;
import io.kflo4j.savedmodels.testing.SmallModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ensemble's accuracy: the models' probabilities averaged, ranked as one model's. */
class EnsembleEvaluationTest {
  private static final ImageSet IMAGES = ImageSet.random(300, 10, 5);

  @TempDir Path tmp;

  @Test
  void oneModelTwiceIsThatModel() {
    try (ExportedModel a = ExportedModel.load(SmallModels.export(tmp.resolve("a"), false, 1));
        ExportedModel b = ExportedModel.load(SmallModels.export(tmp.resolve("b"), false, 1))) {
      Evaluation single = a.evaluate(IMAGES);
      Evaluation ensemble =
          EnsembleEvaluation.evaluate(List.of(a, b), IMAGES, ProgressReporters.none());
      assertEquals(single.top1Hits(), ensemble.top1Hits());
      assertEquals(single.top5Hits(), ensemble.top5Hits());
      for (int c = 0; c < 10; c++) {
        assertArrayEquals(single.confusion()[c], ensemble.confusion()[c]);
      }
    }
  }

  @Test
  void twoModelsAreRankedByTheirMeanProbabilities() {
    try (ExportedModel a = ExportedModel.load(SmallModels.export(tmp.resolve("a"), false, 1));
        ExportedModel b = ExportedModel.load(SmallModels.export(tmp.resolve("b"), false, 2))) {
      byte[] pixels = Pixels.planarToNhwc(IMAGES.pixels(), 0, IMAGES.size());
      float[] la = a.logits(pixels, IMAGES.size());
      float[] lb = b.logits(pixels, IMAGES.size());
      long hits = 0;
      long disagreements = 0;
      for (int n = 0; n < IMAGES.size(); n++) {
        double[] mean = new double[10];
        double[] pa = softmax(la, n);
        double[] pb = softmax(lb, n);
        int best = 0;
        for (int c = 0; c < 10; c++) {
          mean[c] = (pa[c] + pb[c]) / 2;
          best = mean[c] > mean[best] ? c : best;
        }
        hits += best == IMAGES.labels()[n] ? 1 : 0;
        disagreements += argmax(pa) != argmax(pb) ? 1 : 0;
      }
      assertTrue(disagreements > 30, "the two models must disagree often: " + disagreements);
      Evaluation ensemble =
          EnsembleEvaluation.evaluate(List.of(a, b), IMAGES, ProgressReporters.none());
      assertEquals(300, ensemble.images());
      assertEquals(hits, ensemble.top1Hits());
    }
  }

  @Test
  void imagesOfOtherClassesAreRefusedNamingTheModel() {
    try (ExportedModel a = ExportedModel.load(SmallModels.export(tmp.resolve("a"), false, 1))) {
      assertEquals(
          "model " + a.directory() + " classifies 10 classes, the images have 100",
          assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      EnsembleEvaluation.evaluate(
                          List.of(a), ImageSet.random(20, 100, 1), ProgressReporters.none()))
              .getMessage());
    }
  }

  private static double[] softmax(float[] logits, int row) {
    double[] p = new double[10];
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < 10; c++) {
      max = Math.max(max, logits[row * 10 + c]);
    }
    double sum = 0;
    for (int c = 0; c < 10; c++) {
      p[c] = Math.exp(logits[row * 10 + c] - max);
      sum += p[c];
    }
    for (int c = 0; c < 10; c++) {
      p[c] /= sum;
    }
    return p;
  }

  private static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      best = values[i] > values[best] ? i : best;
    }
    return best;
  }
}
