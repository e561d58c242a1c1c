package io.kflo4j.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopKAccuracyTest {

  /** 4 examples x 6 classes. */
  private static final float[] LOGITS = {
    // row 0: label 2 is the maximum -> top-1 and top-5
    0.1f, 0.2f, 0.9f, 0.3f, 0.0f, -1f,
    // row 1: label 5 has 1 strictly greater (class 0) -> top-5 only
    0.8f, 0.1f, 0.1f, 0.1f, 0.1f, 0.5f,
    // row 2: label 0 is the minimum, 5 strictly greater -> neither
    -2f, 1f, 2f, 3f, 4f, 5f,
    // row 3: label 4 ties with 4 classes at 1.0, 1 class above -> top-5 only
    1f, 1f, 2f, 1f, 1f, 0f,
  };

  private static final int[] LABELS = {2, 5, 0, 4};

  @Test
  void countsTopOneAndTopFive() {
    assertEquals(1, TopKAccuracy.countHits(LOGITS, LABELS, 6, 1));
    assertEquals(3, TopKAccuracy.countHits(LOGITS, LABELS, 6, 5));
    assertEquals(3, TopKAccuracy.countHits(LOGITS, LABELS, 6, 2));
    assertEquals(4, TopKAccuracy.countHits(LOGITS, LABELS, 6, 6));
  }

  @Test
  void tiesCountForTheLabel() {
    // all equal: no class is strictly greater, so every label is a top-1 hit
    float[] flat = {3f, 3f, 3f, 3f, 3f, 3f};
    assertEquals(2, TopKAccuracy.countHits(flat, new int[] {0, 2}, 3, 1));
    // label tied with the maximum
    assertEquals(1, TopKAccuracy.countHits(new float[] {2f, 2f, 1f}, new int[] {1}, 3, 1));
    // 5 classes strictly greater, 3 tied: a top-5 miss, a top-6 hit
    float[] row = {9f, 9f, 9f, 9f, 9f, 1f, 1f, 1f, 1f, 0f};
    assertEquals(5, TopKAccuracy.strictlyGreater(row, 0, 10, 6));
    assertEquals(0, TopKAccuracy.countHits(row, new int[] {6}, 10, 5));
    assertEquals(1, TopKAccuracy.countHits(row, new int[] {6}, 10, 6));
  }

  @Test
  void nanLabelLogitIsAMiss() {
    float[] row = {Float.NaN, 1f, 2f};
    assertEquals(0, TopKAccuracy.countHits(row, new int[] {0}, 3, 5));
    // NaN elsewhere is never greater
    assertEquals(1, TopKAccuracy.countHits(new float[] {Float.NaN, 1f, 0f}, new int[] {1}, 3, 1));
  }

  @Test
  void accumulatesOverBatches() {
    TopKAccuracy acc = new TopKAccuracy(6);
    assertTrue(Double.isNaN(acc.top1()));
    acc.update(LOGITS, LABELS);
    acc.update(new float[] {0f, 0f, 0f, 0f, 0f, 1f}, new int[] {5});
    assertEquals(5, acc.total());
    assertEquals(2, acc.top1Hits());
    assertEquals(4, acc.top5Hits());
    assertEquals(0.4, acc.top1(), 0.0);
    assertEquals(0.8, acc.top5(), 0.0);
    acc.reset();
    assertEquals(0, acc.total());
  }

  @Test
  void rejectsBadShapes() {
    assertEquals(
        "logits has 5 values, expected labels.length (1) * classes (6) = 6",
        assertThrows(
                IllegalArgumentException.class,
                () -> TopKAccuracy.countHits(new float[5], new int[] {0}, 6, 1))
            .getMessage());
    assertEquals(
        "labels[1] must be in [0, 3), got 3",
        assertThrows(
                IllegalArgumentException.class,
                () -> TopKAccuracy.countHits(new float[6], new int[] {0, 3}, 3, 1))
            .getMessage());
    assertEquals(
        "k must be >= 1, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> TopKAccuracy.countHits(new float[3], new int[] {0}, 3, 0))
            .getMessage());
  }
}
