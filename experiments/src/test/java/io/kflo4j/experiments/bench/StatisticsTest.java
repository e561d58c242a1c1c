package io.kflo4j.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void theMedianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
    double[] odd = {9, 1, 5};
    assertEquals(5, Statistics.median(odd));
    assertArrayEquals(new double[] {9, 1, 5}, odd, "the values are not reordered");
    assertEquals(4, Statistics.median(new double[] {10, 1, 3, 5}));
    assertEquals(7, Statistics.median(new double[] {7}));
  }

  @Test
  void quantilesFollowTheNearestRank() {
    double[] hundred = new double[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = 100 - i;
    }
    assertEquals(99, Statistics.quantile(hundred, 0.99));
    assertEquals(50, Statistics.quantile(hundred, 0.5));
    assertEquals(1, Statistics.quantile(hundred, 0));
    assertEquals(100, Statistics.quantile(hundred, 1));
    assertEquals(3, Statistics.quantile(new double[] {1, 2, 3}, 0.99));
  }

  @Test
  void noValuesHaveNoMedian() {
    assertThrows(IllegalArgumentException.class, () -> Statistics.median(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> Statistics.quantile(new double[0], 0.5));
  }
}
