package io.kflo4j.datasets.subset;

/**
 * A class-balanced, seeded fraction of a labelled set, e.g. 40% of CIFAR-100's training set = 200
 * of the 500 images of every class.
 */
public final class BalancedSubset {
  private BalancedSubset() {}

  /**
   * The indices of {@code round(fraction * n_c)} images of every class {@code c} (of {@code n_c}),
   * chosen by {@code seed}, sorted ascending. The same arguments give the same indices on every
   * machine.
   *
   * @param labels class of each image
   * @param numClasses number of classes; every label must be below it
   * @param fraction in {@code (0, 1]}
   * @param seed selects which images
   * @throws IllegalArgumentException for a fraction outside {@code (0, 1]} or a label out of range
   */
  public static int[] of(int[] labels, int numClasses, double fraction, long seed) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
    }
    return ClassShuffle.split(labels, numClasses, fraction, seed)[0];
  }
}
