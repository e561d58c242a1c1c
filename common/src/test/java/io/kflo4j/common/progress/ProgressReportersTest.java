package io.kflo4j.common.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressReportersTest {

  @Test
  void aTerminalGetsBarsAndEverythingElseLogLines() {
    assertInstanceOf(TerminalProgress.class, ProgressReporters.auto(true));
    assertInstanceOf(LogProgress.class, ProgressReporters.auto(false));
    // Surefire forks the test JVM without a console: no terminal there.
    assertEquals(false, ProgressReporters.isInteractive());
    assertInstanceOf(LogProgress.class, ProgressReporters.auto());
  }

  @Test
  void noneWritesNothingAnywhere() {
    java.io.PrintStream out = System.out;
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream capture =
        new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      ProgressReporter none = ProgressReporters.none();
      none.start("epoch 1/1", 10, "img");
      none.step(4);
      none.step(6, Map.of("loss", "1.0"));
      none.finish();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertEquals("", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
  }
}
