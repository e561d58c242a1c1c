package io.kflo4j.datasets.subset;

/**
 * A class-balanced, seeded split of a labelled set into training and validation indices.
 *
 * @param train indices kept for training, sorted ascending
 * @param validation indices held out for validation, sorted ascending
 */
public record HoldoutSplit(int[] train, int[] validation) {

  /**
   * Holds out {@code round(fraction * n_c)} images of every class {@code c} (of {@code n_c}) for
   * validation, chosen by {@code seed}; the rest is for training. The same arguments give the same
   * split on every machine.
   *
   * @param labels class of each image
   * @param numClasses number of classes; every label must be below it
   * @param fraction in {@code (0, 1)}
   * @param seed selects which images
   * @throws IllegalArgumentException for a fraction outside {@code (0, 1)} or a label out of range
   */
  public static HoldoutSplit of(int[] labels, int numClasses, double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("hold-out fraction must be in (0, 1), got " + fraction);
    }
    int[][] parts = ClassShuffle.split(labels, numClasses, fraction, seed);
    return new HoldoutSplit(parts[1], parts[0]);
  }
}
