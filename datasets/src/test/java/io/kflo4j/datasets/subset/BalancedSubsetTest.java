package io.kflo4j.datasets.subset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BalancedSubsetTest {
  /** CIFAR-100-like labels: 500 images of each of 100 classes, interleaved. */
  static final int[] LABELS = IntStream.range(0, 50_000).map(i -> (i * 37) % 100).toArray();

  static int[] countsOf(int[] indices, int[] labels, int classes) {
    int[] counts = new int[classes];
    for (int index : indices) {
      counts[labels[index]]++;
    }
    return counts;
  }

  @Test
  void fortyPercentOfCifar100Is200PerClass() {
    int[] subset = BalancedSubset.of(LABELS, 100, 0.4, 42);
    assertEquals(20_000, subset.length);
    int[] expected = new int[100];
    Arrays.fill(expected, 200);
    assertArrayEquals(expected, countsOf(subset, LABELS, 100));
    for (int i = 1; i < subset.length; i++) {
      assertTrue(subset[i - 1] < subset[i], "sorted and distinct");
    }
  }

  @Test
  void theSeedDecides() {
    int[] a = BalancedSubset.of(LABELS, 100, 0.4, 42);
    assertArrayEquals(a, BalancedSubset.of(LABELS.clone(), 100, 0.4, 42));
    int[] b = BalancedSubset.of(LABELS, 100, 0.4, 43);
    assertFalse(Arrays.equals(a, b));
    long shared = Arrays.stream(b).filter(i -> Arrays.binarySearch(a, i) >= 0).count();
    assertTrue(shared > 6_000 && shared < 10_000, "about 40% overlap by chance, got " + shared);
  }

  @Test
  void isStableAcrossMachines() {
    int[] labels = IntStream.range(0, 20).map(i -> i % 2).toArray();
    assertArrayEquals(new int[] {1, 2, 5, 10}, BalancedSubset.of(labels, 2, 0.2, 7));
  }

  @Test
  void roundsPerClassAndTakesAllAtOne() {
    int[] labels = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
    assertArrayEquals(new int[] {1, 3}, countsOf(BalancedSubset.of(labels, 2, 0.4, 1), labels, 2));
    assertArrayEquals(IntStream.range(0, 10).toArray(), BalancedSubset.of(labels, 2, 1.0, 1));
  }

  @Test
  void refusesBadArguments() {
    assertEquals(
        "fraction must be in (0, 1], got 0.0",
        assertThrows(IllegalArgumentException.class, () -> BalancedSubset.of(LABELS, 100, 0, 1))
            .getMessage());
    assertEquals(
        "label 100 at index 0 is outside 0..99",
        assertThrows(
                IllegalArgumentException.class,
                () -> BalancedSubset.of(new int[] {100}, 100, 0.5, 1))
            .getMessage());
  }
}
