package io.kflo4j.training.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepScheduleTest {

  /** 160 epochs of 10 iterations, decay by 0.1 at epochs 80 and 120. */
  private final StepSchedule schedule = new StepSchedule(0.1, 0.1, List.of(80, 120), 160, 10);

  @Test
  void valuesAtMilestoneBoundaries() {
    assertEquals(1600, schedule.totalIterations());
    assertEquals(0.1, schedule.rate(0), 0.0);
    assertEquals(0.1, schedule.rate(799), 0.0); // last step of epoch 79
    assertEquals(0.1 * 0.1, schedule.rate(800), 0.0); // first step of epoch 80
    assertEquals(0.1 * 0.1, schedule.rate(1199), 0.0); // last step of epoch 119
    assertEquals(0.1 * 0.1 * 0.1, schedule.rate(1200), 0.0); // first step of epoch 120
    assertEquals(0.1 * 0.1 * 0.1, schedule.rate(1599), 0.0); // last step of the run
  }

  @Test
  void noMilestonesIsConstant() {
    StepSchedule constant = new StepSchedule(0.5, 0.1, List.of(), 3, 2);
    for (long t = 0; t < 6; t++) {
      assertEquals(0.5, constant.rate(t), 0.0);
    }
  }

  @Test
  void rejectsBadMilestonesAndGamma() {
    assertEquals(
        "milestones must be strictly increasing, got [120, 80]",
        assertThrows(
                IllegalArgumentException.class,
                () -> new StepSchedule(0.1, 0.1, List.of(120, 80), 160, 10))
            .getMessage());
    assertEquals(
        "milestones must be strictly increasing, got [80, 80]",
        assertThrows(
                IllegalArgumentException.class,
                () -> new StepSchedule(0.1, 0.1, List.of(80, 80), 160, 10))
            .getMessage());
    assertEquals(
        "milestone 160 must be an epoch in [1, 159] (epochs = 160)",
        assertThrows(
                IllegalArgumentException.class,
                () -> new StepSchedule(0.1, 0.1, List.of(80, 160), 160, 10))
            .getMessage());
    assertEquals(
        "milestone 0 must be an epoch in [1, 159] (epochs = 160)",
        assertThrows(
                IllegalArgumentException.class,
                () -> new StepSchedule(0.1, 0.1, List.of(0), 160, 10))
            .getMessage());
    assertEquals(
        "gamma must be in (0, 1], got 0.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new StepSchedule(0.1, 0, List.of(80), 160, 10))
            .getMessage());
    assertEquals(
        "gamma must be in (0, 1], got 2.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new StepSchedule(0.1, 2, List.of(80), 160, 10))
            .getMessage());
  }
}
