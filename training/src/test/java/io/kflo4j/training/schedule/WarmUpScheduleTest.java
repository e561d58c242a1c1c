package io.kflo4j.training.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmUpScheduleTest {

  @Test
  void rampsLinearlyToBaseThenUsesTheWrappedScheduleUnshifted() {
    CosineSchedule cosine = new CosineSchedule(0.4, 100);
    WarmUpSchedule warm = new WarmUpSchedule(cosine, 0.4, 4);
    assertEquals(100, warm.totalIterations());
    assertEquals(0.1, warm.rate(0), 1e-17); // 0.4 * 1/4
    assertEquals(0.2, warm.rate(1), 1e-17); // 0.4 * 2/4
    assertEquals(0.3, warm.rate(2), 1e-16); // 0.4 * 3/4
    assertEquals(0.4, warm.rate(3), 0.0); // 0.4 * 4/4: the peak
    for (long t = 4; t < 100; t++) {
      assertEquals(cosine.rate(t), warm.rate(t), 0.0, "same clock at " + t);
    }
  }

  @Test
  void keepsStepMilestonesAtTheirEpochs() {
    StepSchedule step = new StepSchedule(1.0, 0.5, List.of(2), 4, 5);
    WarmUpSchedule warm = new WarmUpSchedule(step, 1.0, 5);
    assertEquals(0.2, warm.rate(0), 0.0);
    assertEquals(1.0, warm.rate(4), 0.0);
    assertEquals(1.0, warm.rate(9), 0.0);
    assertEquals(
        0.5, warm.rate(10), 0.0); // epoch 2 starts at iteration 10, with or without warm-up
  }

  @Test
  void rejectsBadWarmUp() {
    CosineSchedule cosine = new CosineSchedule(0.1, 10);
    assertEquals(
        "warmupIterations must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new WarmUpSchedule(cosine, 0.1, 0))
            .getMessage());
    assertEquals(
        "warmupIterations must be less than totalIterations (10), got 10",
        assertThrows(IllegalArgumentException.class, () -> new WarmUpSchedule(cosine, 0.1, 10))
            .getMessage());
    assertEquals(
        "iteration must be in [0, 10), got 10",
        assertThrows(
                IllegalArgumentException.class, () -> new WarmUpSchedule(cosine, 0.1, 3).rate(10))
            .getMessage());
  }
}
