package io.kflo4j.training.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LearningRateSchedulesTest {

  @Test
  void parsesCosine() {
    LearningRateSchedule s = LearningRateSchedules.parse(" Cosine ", 0.1, 10, 100, 0);
    assertInstanceOf(CosineSchedule.class, s);
    assertEquals(1000, s.totalIterations());
    assertEquals(0.05, s.rate(500), 1e-15);
  }

  @Test
  void parsesConstant() {
    LearningRateSchedule s = LearningRateSchedules.parse("constant", 0.01, 2, 3, 0);
    assertInstanceOf(ConstantSchedule.class, s);
    assertEquals(0.01, s.rate(5), 0.0);
  }

  @Test
  void parsesStep() {
    LearningRateSchedule s = LearningRateSchedules.parse("step:80,120:0.1", 0.1, 160, 10, 0);
    assertInstanceOf(StepSchedule.class, s);
    assertEquals(0.1, s.rate(799), 0.0);
    assertEquals(0.1 * 0.1, s.rate(800), 0.0);
    assertEquals(0.1 * 0.1 * 0.1, s.rate(1200), 0.0);
  }

  @Test
  void wrapsInWarmUp() {
    LearningRateSchedule s = LearningRateSchedules.parse("cosine", 0.1, 10, 100, 200);
    assertInstanceOf(WarmUpSchedule.class, s);
    assertEquals(0.1 / 200, s.rate(0), 1e-18);
    assertEquals(0.1, s.rate(199), 0.0);
    assertEquals(0.05, s.rate(500), 1e-15);
  }

  @Test
  void reportsParseErrors() {
    assertEquals(
        "invalid learning-rate schedule 'linear': unknown schedule, expected "
            + LearningRateSchedules.SYNTAX,
        error("linear", 10));
    assertEquals(
        "learning-rate schedule is empty: expected " + LearningRateSchedules.SYNTAX,
        error(" ", 10));
    assertEquals(
        "invalid learning-rate schedule 'step:80': a step schedule has the form 'step:M1,M2,...:GAMMA'",
        error("step:80", 160));
    assertEquals(
        "invalid learning-rate schedule 'step:80,x:0.1': milestone 'x' is not an integer epoch",
        error("step:80,x:0.1", 160));
    assertEquals(
        "invalid learning-rate schedule 'step::0.1': milestone '' is not an integer epoch",
        error("step::0.1", 160));
    assertEquals(
        "invalid learning-rate schedule 'step:80:ten': gamma 'ten' is not a number",
        error("step:80:ten", 160));
    assertEquals(
        "invalid learning-rate schedule 'step:80,120:0.1': milestone 120 must be an epoch in [1, 99]"
            + " (epochs = 100)",
        error("step:80,120:0.1", 100));
    assertEquals(
        "warmupIterations must be >= 0, got -1",
        assertThrows(
                IllegalArgumentException.class,
                () -> LearningRateSchedules.parse("cosine", 0.1, 10, 10, -1))
            .getMessage());
    assertEquals(
        "warmupIterations must be less than totalIterations (100), got 100",
        assertThrows(
                IllegalArgumentException.class,
                () -> LearningRateSchedules.parse("cosine", 0.1, 10, 10, 100))
            .getMessage());
  }

  private static String error(String spec, int epochs) {
    return assertThrows(
            IllegalArgumentException.class, () -> LearningRateSchedules.validate(spec, epochs))
        .getMessage();
  }
}
