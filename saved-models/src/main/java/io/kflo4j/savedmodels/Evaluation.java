package io.kflo4j.savedmodels;

import io.kflo4j.common.metrics.TopKAccuracy;
import java.util.List;

/**
 * Accuracy of a classifier on a labelled set: top-1, top-5, per-class accuracy and the confusion
 * matrix.
 *
 * <p>Top-1 and top-5 are counted by {@link TopKAccuracy} (the trainer's rule: ties count in the
 * label's favour), the confusion matrix and per-class accuracy by the predicted class (argmax,
 * lowest class on ties); the two agree unless an image's largest logits tie exactly.
 */
public final class Evaluation {
  private final List<String> classNames;
  private final long images;
  private final long top1Hits;
  private final long top5Hits;
  private final long[][] confusion;

  private Evaluation(
      List<String> classNames, long images, long top1Hits, long top5Hits, long[][] confusion) {
    this.classNames = List.copyOf(classNames);
    this.images = images;
    this.top1Hits = top1Hits;
    this.top5Hits = top5Hits;
    this.confusion = confusion;
  }

  /** An accumulator for a classifier over {@code classNames}. */
  public static Accumulator accumulator(List<String> classNames) {
    return new Accumulator(classNames);
  }

  /** Class names, index = class. */
  public List<String> classNames() {
    return classNames;
  }

  /** Images evaluated. */
  public long images() {
    return images;
  }

  /** Top-1 accuracy, a fraction; NaN without images. */
  public double top1() {
    return images == 0 ? Double.NaN : (double) top1Hits / images;
  }

  /** Top-5 accuracy, a fraction; NaN without images. */
  public double top5() {
    return images == 0 ? Double.NaN : (double) top5Hits / images;
  }

  /** Top-1 hits. */
  public long top1Hits() {
    return top1Hits;
  }

  /** Top-5 hits. */
  public long top5Hits() {
    return top5Hits;
  }

  /** A copy of the confusion matrix: {@code [true class][predicted class]} counts. */
  public long[][] confusion() {
    long[][] copy = new long[confusion.length][];
    for (int i = 0; i < confusion.length; i++) {
      copy[i] = confusion[i].clone();
    }
    return copy;
  }

  /** Images of each class. */
  public long[] classCounts() {
    long[] counts = new long[confusion.length];
    for (int i = 0; i < confusion.length; i++) {
      for (long count : confusion[i]) {
        counts[i] += count;
      }
    }
    return counts;
  }

  /** Per class: the fraction of its images predicted as it (NaN for a class without images). */
  public double[] perClassAccuracy() {
    long[] counts = classCounts();
    double[] accuracy = new double[confusion.length];
    for (int i = 0; i < confusion.length; i++) {
      accuracy[i] = counts[i] == 0 ? Double.NaN : (double) confusion[i][i] / counts[i];
    }
    return accuracy;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "%d images: top-1 %.2f%%, top-5 %.2f%%",
        images,
        100 * top1(),
        100 * top5());
  }

  /** Adds batches of logits and labels. Not thread-safe. */
  public static final class Accumulator {
    private final List<String> classNames;
    private final TopKAccuracy topK;
    private final long[][] confusion;

    private Accumulator(List<String> classNames) {
      if (classNames.size() < 1) {
        throw new IllegalArgumentException("an evaluation needs at least one class");
      }
      this.classNames = List.copyOf(classNames);
      this.topK = new TopKAccuracy(classNames.size());
      this.confusion = new long[classNames.size()][classNames.size()];
    }

    /**
     * Adds a batch.
     *
     * @param logits row-major {@code [labels.length, classes]}
     * @param labels the true classes
     */
    public Accumulator add(float[] logits, int[] labels) {
      topK.update(logits, labels);
      int classes = classNames.size();
      for (int row = 0; row < labels.length; row++) {
        confusion[labels[row]][argmax(logits, row * classes, classes)]++;
      }
      return this;
    }

    /** The evaluation of everything added so far. */
    public Evaluation result() {
      long[][] copy = new long[confusion.length][];
      for (int i = 0; i < confusion.length; i++) {
        copy[i] = confusion[i].clone();
      }
      return new Evaluation(classNames, topK.total(), topK.top1Hits(), topK.top5Hits(), copy);
    }
  }

  /**
   * Index of the largest value of {@code values[offset .. offset + length - 1]}, the first on ties;
   * NaN loses.
   */
  public static int argmax(float[] values, int offset, int length) {
    int best = 0;
    float bestValue = Float.NEGATIVE_INFINITY;
    boolean found = false;
    for (int i = 0; i < length; i++) {
      float v = values[offset + i];
      if (!found && !Float.isNaN(v) || v > bestValue) {
        best = i;
        bestValue = v;
        found = !Float.isNaN(v);
      }
    }
    return best;
  }
}
