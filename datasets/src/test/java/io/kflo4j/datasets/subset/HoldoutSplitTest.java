package io.kflo4j.datasets.subset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HoldoutSplitTest {
  @Test
  void holdsOutAClassBalancedFraction() {
    int[] labels = BalancedSubsetTest.LABELS;
    HoldoutSplit split = HoldoutSplit.of(labels, 100, 0.1, 3);

    int[] fifty = new int[100];
    Arrays.fill(fifty, 50);
    int[] fourFifty = new int[100];
    Arrays.fill(fourFifty, 450);
    assertArrayEquals(fifty, BalancedSubsetTest.countsOf(split.validation(), labels, 100));
    assertArrayEquals(fourFifty, BalancedSubsetTest.countsOf(split.train(), labels, 100));
    int[] all =
        IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation()))
            .sorted()
            .toArray();
    assertArrayEquals(IntStream.range(0, labels.length).toArray(), all);
  }

  @Test
  void theSeedDecides() {
    int[] labels = BalancedSubsetTest.LABELS;
    assertArrayEquals(
        HoldoutSplit.of(labels, 100, 0.1, 3).validation(),
        HoldoutSplit.of(labels, 100, 0.1, 3).validation());
    assertFalse(
        Arrays.equals(
            HoldoutSplit.of(labels, 100, 0.1, 3).validation(),
            HoldoutSplit.of(labels, 100, 0.1, 4).validation()));
  }

  @Test
  void refusesAFractionOfOne() {
    assertEquals(
        "hold-out fraction must be in (0, 1), got 1.0",
        assertThrows(
                IllegalArgumentException.class, () -> HoldoutSplit.of(new int[] {0}, 1, 1.0, 1))
            .getMessage());
  }
}
