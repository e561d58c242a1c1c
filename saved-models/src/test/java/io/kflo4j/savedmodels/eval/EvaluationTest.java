package io.kflo4j.savedmodels.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.savedmodels.Evaluation;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  @Test
  void countsTopKPerClassAndConfusion() {
    // 3 classes, 4 images.
    float[] logits = {
      5, 1, 0, // label 0 -> predicted 0
      0, 1, 2, // label 1 -> predicted 2
      0, 0, 3, // label 2 -> predicted 2
      1, 4, 2, // label 0 -> predicted 1
    };
    Evaluation evaluation =
        Evaluation.accumulator(List.of("a", "b", "c")).add(logits, new int[] {0, 1, 2, 0}).result();
    assertEquals(4, evaluation.images());
    assertEquals(0.5, evaluation.top1());
    assertEquals(1.0, evaluation.top5());
    assertArrayEquals(new long[][] {{1, 1, 0}, {0, 0, 1}, {0, 0, 1}}, evaluation.confusion());
    assertArrayEquals(new double[] {0.5, 0.0, 1.0}, evaluation.perClassAccuracy());
    assertArrayEquals(new long[] {2, 1, 1}, evaluation.classCounts());
  }

  @Test
  void aClassWithoutImagesHasNoAccuracy() {
    Evaluation evaluation =
        Evaluation.accumulator(List.of("a", "b")).add(new float[] {1, 0}, new int[] {0}).result();
    assertTrue(Double.isNaN(evaluation.perClassAccuracy()[1]));
  }

  @Test
  void argmaxTakesTheFirstMaximumAndIgnoresNaN() {
    assertEquals(1, Evaluation.argmax(new float[] {0, 3, 3}, 0, 3));
    assertEquals(2, Evaluation.argmax(new float[] {Float.NaN, -1, 2}, 0, 3));
    assertEquals(1, Evaluation.argmax(new float[] {9, 1, 2, 0}, 1, 3));
  }
}
