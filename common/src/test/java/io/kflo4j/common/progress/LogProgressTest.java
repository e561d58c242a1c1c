package io.kflo4j.common.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.common.testing.LogLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogProgressTest {

  private static final long SECOND = 1_000_000_000L;

  private final List<String> lines = new ArrayList<>();
  private long now = 100 * SECOND;
  private final LogProgress progress =
      new LogProgress(Duration.ofSeconds(10), lines::add, () -> now);

  @Test
  void emitsALineEveryIntervalAndAtTheEnd() {
    progress.start("epoch 3/150", 50_000, "images");
    now += 5 * SECOND;
    progress.step(6_400, Map.of("loss", "2.301"));
    assertTrue(lines.isEmpty(), "no line before the interval");
    now += 5 * SECOND;
    progress.step(6_400, Map.of("loss", "2.250"));
    assertEquals(
        List.of("epoch 3/150: 12800/50000 images (25.6%), 1280.0 images/s, ETA 0:29, loss=2.250"),
        lines);
    now += 9 * SECOND;
    progress.step(10_000);
    assertEquals(1, lines.size(), "next line only 10 s after the previous one");
    now += 11 * SECOND;
    progress.step(27_200, extras("loss", "1.900", "acc", "0.41"));
    assertEquals(
        "epoch 3/150: 50000/50000 images (100.0%), 1666.7 images/s, ETA 0:00, loss=1.900, acc=0.41",
        lines.get(1));
    now += SECOND;
    progress.finish();
    assertEquals(
        "epoch 3/150: done 50000/50000 images in 0:31, 1612.9 images/s, loss=1.900, acc=0.41",
        lines.get(2));
    assertEquals(3, lines.size());
    progress.finish();
    assertEquals(3, lines.size(), "a second finish() does nothing");
  }

  @Test
  void unknownTotalHasNoPercentOrEta() {
    progress.start("download", ProgressReporter.UNKNOWN_TOTAL, "bytes");
    now += 20 * SECOND;
    progress.step(4_000);
    now += 3600 * SECOND;
    progress.finish();
    assertEquals(
        List.of(
            "download: 4000 bytes, 200.0 bytes/s",
            "download: done 4000 bytes in 1:00:20, 1.1 bytes/s"),
        lines);
  }

  @Test
  void canBeRestartedForTheNextTask() {
    progress.start("epoch 1/2", 10, "images");
    progress.step(10);
    progress.finish();
    progress.start("epoch 2/2", 10, "images");
    now += SECOND;
    progress.step(10);
    progress.finish();
    assertEquals("epoch 2/2: done 10/10 images in 0:01, 10.0 images/s", lines.get(1));
  }

  @Test
  void checksTheLifeCycle() {
    assertEquals(
        "step() without a running task: call start() first",
        assertThrows(IllegalStateException.class, () -> progress.step(1)).getMessage());
    progress.start("a", 1, "images");
    assertEquals(
        "start('b') while 'a' is running",
        assertThrows(IllegalStateException.class, () -> progress.start("b", 1, "images"))
            .getMessage());
    assertEquals(
        "units must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> progress.step(-1)).getMessage());
    assertEquals(
        "totalUnits must be >= 0 or UNKNOWN_TOTAL, got -2",
        assertThrows(
                IllegalArgumentException.class, () -> new LogProgress().start("x", -2, "images"))
            .getMessage());
  }

  @Test
  void defaultSinkLogsAtInfoThroughLog4j() {
    List<String> logged;
    try (LogLines log = new LogLines(LogProgress.class)) {
      LogProgress real = new LogProgress();
      real.start("eval", 100, "images");
      real.step(100, Map.of("top1", "0.5"));
      real.finish();
      logged = log.lines();
    }
    assertEquals(1, logged.size(), logged.toString());
    assertTrue(
        logged
            .get(0)
            .matches("INFO eval: done 100/100 images in 0:00, [0-9.]+ images/s, top1=0\\.5"),
        logged.get(0));
  }

  private static Map<String, String> extras(String... keyValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map;
  }
}
