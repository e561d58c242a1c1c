package io.kflo4j.training.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CosineScheduleTest {

  private static final double BASE = 0.1;
  private static final int EPOCHS = 150;
  private static final int ITERATIONS_PER_EPOCH = 391;
  private static final long T = (long) EPOCHS * ITERATIONS_PER_EPOCH;

  private final CosineSchedule schedule =
      CosineSchedule.forEpochs(BASE, EPOCHS, ITERATIONS_PER_EPOCH);

  @Test
  void totalIsEpochsTimesIterations() {
    assertEquals(58650, schedule.totalIterations());
  }

  @Test
  void startsAtBase() {
    assertEquals(0.1, schedule.rate(0), 0.0);
  }

  @Test
  void isHalfTheBaseAtHalfTime() {
    assertEquals(0.05, schedule.rate(T / 2), 1e-15);
  }

  @Test
  void lastStepFollowsTheFormulaAndIsNearZero() {
    double expected = 0.1 * 0.5 * (1 + Math.cos(Math.PI * (T - 1) / T));
    assertEquals(expected, schedule.rate(T - 1), 0.0);
    // 0.05 * (1 - cos(pi / T)) ~= 0.05 * (pi / T)^2 / 2 = 7.17e-11 (up to the rounding of 1 + cos
    // near -1)
    assertEquals(0.05 * Math.pow(Math.PI / T, 2) / 2, schedule.rate(T - 1), 1e-17);
    assertTrue(schedule.rate(T - 1) > 0);
  }

  @Test
  void quarterValuesOfASmallSchedule() {
    CosineSchedule small = new CosineSchedule(1.0, 4);
    assertEquals(1.0, small.rate(0), 0.0);
    assertEquals(0.5 * (1 + Math.sqrt(0.5)), small.rate(1), 1e-15);
    assertEquals(0.5, small.rate(2), 1e-15);
    assertEquals(0.5 * (1 - Math.sqrt(0.5)), small.rate(3), 1e-15);
  }

  @Test
  void neverIncreases() {
    double previous = Double.POSITIVE_INFINITY;
    for (long t = 0; t < T; t++) {
      double rate = schedule.rate(t);
      assertTrue(rate <= previous, "rate increased at " + t);
      previous = rate;
    }
  }

  @Test
  void rejectsIterationsOutsideTheRun() {
    assertEquals(
        "iteration must be in [0, 58650), got 58650",
        assertThrows(IllegalArgumentException.class, () -> schedule.rate(T)).getMessage());
    assertEquals(
        "iteration must be in [0, 58650), got -1",
        assertThrows(IllegalArgumentException.class, () -> schedule.rate(-1)).getMessage());
  }

  @Test
  void rejectsBadArguments() {
    assertEquals(
        "base learning rate must be finite and > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0, 10)).getMessage());
    assertEquals(
        "base learning rate must be finite and > 0, got NaN",
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(Double.NaN, 10))
            .getMessage());
    assertEquals(
        "totalIterations must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(0.1, 0))
            .getMessage());
    assertEquals(
        "iterationsPerEpoch must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> CosineSchedule.forEpochs(0.1, 1, 0))
            .getMessage());
  }
}
