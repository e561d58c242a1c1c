package io.kflo4j.datasets.subset;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Splits a labelled set per class, in a seeded random order, into the images a fraction takes and
 * the rest.
 */
final class ClassShuffle {
  private ClassShuffle() {}

  /**
   * The taken and the remaining indices, each sorted ascending. Per class {@code c}: its indices in
   * ascending order, shuffled (Fisher-Yates, from the last position down, one {@code
   * SplittableRandom(seed)} for all classes, class 0 first); the first {@code round(fraction *
   * n_c)} are taken.
   *
   * @throws IllegalArgumentException if {@code numClasses < 1} or a label is outside {@code 0 ..
   *     numClasses - 1}
   */
  static int[][] split(int[] labels, int numClasses, double fraction, long seed) {
    int[][] byClass = shuffledByClass(labels, numClasses, seed);
    int takenTotal = 0;
    for (int[] indices : byClass) {
      takenTotal += taken(indices.length, fraction);
    }
    int[] taken = new int[takenTotal];
    int[] rest = new int[labels.length - takenTotal];
    int nextTaken = 0;
    int nextRest = 0;
    for (int[] indices : byClass) {
      int count = taken(indices.length, fraction);
      System.arraycopy(indices, 0, taken, nextTaken, count);
      System.arraycopy(indices, count, rest, nextRest, indices.length - count);
      nextTaken += count;
      nextRest += indices.length - count;
    }
    Arrays.sort(taken);
    Arrays.sort(rest);
    return new int[][] {taken, rest};
  }

  private static int[][] shuffledByClass(int[] labels, int numClasses, long seed) {
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
    int[] counts = new int[numClasses];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= numClasses) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " at index " + i + " is outside 0.." + (numClasses - 1));
      }
      counts[labels[i]]++;
    }
    int[][] byClass = new int[numClasses][];
    for (int c = 0; c < numClasses; c++) {
      byClass[c] = new int[counts[c]];
    }
    int[] filled = new int[numClasses];
    for (int i = 0; i < labels.length; i++) {
      byClass[labels[i]][filled[labels[i]]++] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int[] indices : byClass) {
      for (int i = indices.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = indices[i];
        indices[i] = indices[j];
        indices[j] = swap;
      }
    }
    return byClass;
  }

  private static int taken(int count, double fraction) {
    return (int) Math.round(count * fraction);
  }
}
