package io.kflo4j.common.metrics;

/**
 * Exact top-1 and top-5 counting from logits, accumulated over batches.
 *
 * <p><b>Tie rule.</b> An example is a top-k hit when <em>fewer than k classes have a logit strictly
 * greater than the label's logit</em>. Ties therefore count in the label's favour: with logits
 * {@code [2, 2, 1]} and label 1, the example is a top-1 hit (no class is strictly greater),
 * whatever order a sort would pick. This makes the count independent of sort stability and of class
 * order. A {@code NaN} logit for the label is always a miss; {@code NaN} logits of other classes
 * are never "greater". When {@code k >= classes} every finite-label example is a hit.
 *
 * <p>Logits are row-major {@code [batch, classes]}. Softmax does not change the ranking, so logits
 * and probabilities give the same counts. Not thread-safe.
 */
public final class TopKAccuracy {

  private final int classes;
  private long total;
  private long top1Hits;
  private long top5Hits;

  /**
   * An empty accumulator.
   *
   * @param classes the number of classes, {@code >= 1}
   */
  public TopKAccuracy(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be >= 1, got " + classes);
    }
    this.classes = classes;
  }

  /**
   * Adds one batch.
   *
   * @param logits row-major {@code [labels.length, classes]}
   * @param labels the true classes, each in {@code [0, classes)}
   * @throws IllegalArgumentException if the shapes do not match or a label is out of range
   */
  public void update(float[] logits, int[] labels) {
    checkShapes(logits, labels, classes);
    for (int row = 0; row < labels.length; row++) {
      int greater = strictlyGreater(logits, row, classes, labels[row]);
      if (greater < 1) {
        top1Hits++;
      }
      if (greater < 5) {
        top5Hits++;
      }
    }
    total += labels.length;
  }

  /** The number of examples added. */
  public long total() {
    return total;
  }

  /** The number of top-1 hits. */
  public long top1Hits() {
    return top1Hits;
  }

  /** The number of top-5 hits. */
  public long top5Hits() {
    return top5Hits;
  }

  /** Top-1 accuracy as a fraction in {@code [0, 1]}; {@code NaN} before any example. */
  public double top1() {
    return total == 0 ? Double.NaN : (double) top1Hits / total;
  }

  /** Top-5 accuracy as a fraction in {@code [0, 1]}; {@code NaN} before any example. */
  public double top5() {
    return total == 0 ? Double.NaN : (double) top5Hits / total;
  }

  /** Forgets all examples (e.g. before the next evaluation). */
  public void reset() {
    total = 0;
    top1Hits = 0;
    top5Hits = 0;
  }

  /**
   * Counts the top-k hits of a batch (see the class comment for ties).
   *
   * @param logits row-major {@code [labels.length, classes]}
   * @param labels the true classes, each in {@code [0, classes)}
   * @param classes the number of classes, {@code >= 1}
   * @param k the k of top-k, {@code >= 1}
   * @return the number of hits, in {@code [0, labels.length]}
   */
  public static int countHits(float[] logits, int[] labels, int classes, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    checkShapes(logits, labels, classes);
    int hits = 0;
    for (int row = 0; row < labels.length; row++) {
      if (strictlyGreater(logits, row, classes, labels[row]) < k) {
        hits++;
      }
    }
    return hits;
  }

  /**
   * The number of classes whose logit is strictly greater than the label's in one row: the label is
   * a top-k hit iff this is {@code < k}. Returns {@link Integer#MAX_VALUE} (a miss for every k) if
   * the label's logit is {@code NaN}.
   *
   * @param logits row-major {@code [rows, classes]}
   * @param row the row
   * @param classes the number of classes
   * @param label the true class, in {@code [0, classes)}
   * @return the number of strictly greater logits
   */
  public static int strictlyGreater(float[] logits, int row, int classes, int label) {
    int offset = row * classes;
    float target = logits[offset + label];
    if (Float.isNaN(target)) {
      return Integer.MAX_VALUE;
    }
    int greater = 0;
    for (int c = 0; c < classes; c++) {
      if (logits[offset + c] > target) {
        greater++;
      }
    }
    return greater;
  }

  private static void checkShapes(float[] logits, int[] labels, int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be >= 1, got " + classes);
    }
    if ((long) labels.length * classes != logits.length) {
      throw new IllegalArgumentException(
          "logits has "
              + logits.length
              + " values, expected labels.length ("
              + labels.length
              + ") * classes ("
              + classes
              + ") = "
              + (long) labels.length * classes);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            "labels[" + i + "] must be in [0, " + classes + "), got " + labels[i]);
      }
    }
  }
}
