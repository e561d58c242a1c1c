package io.kflo4j.training.progress;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressReportersTest {

  @Test
  void picksTheLogReporterWithoutATerminal() {
    // Surefire runs tests in a forked JVM without a console.
    if (!ProgressReporters.isInteractive()) {
      assertInstanceOf(LogProgress.class, ProgressReporters.auto());
    } else {
      assertInstanceOf(TerminalProgress.class, ProgressReporters.auto());
    }
  }

  @Test
  void noneAcceptsEverything() {
    ProgressReporter none = ProgressReporters.none();
    none.step(1);
    none.start("x", 1, "images");
    none.step(1, Map.of());
    none.finish();
  }
}
