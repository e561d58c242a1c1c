package io.kflo4j.training.metrics;

import static io.kflo4j.training.metrics.MetricsFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {

  @TempDir Path dir;

  @Test
  void summarizesBestAndFinalValues() {
    List<EpochMetrics> rows =
        List.of(
            new EpochMetrics(1, 2.0, 0.3, 0.40, 0.80, 0.1, 1000, 12, 10, 12),
            new EpochMetrics(2, 1.5, 0.5, 0.60, 0.90, 0.05, 2000, 12, 10, 24),
            new EpochMetrics(3, 1.0, 0.7, 0.55, 0.95, 0.01, 1500, 12, 20, 36));
    RunSummary s = RunSummary.of("cifar10-quick", rows, Map.of("params", "123"));
    assertEquals(3, s.epochsDone());
    assertEquals(0.60, s.bestTop1(), 0.0);
    assertEquals(2, s.bestTop1Epoch());
    assertEquals(0.55, s.finalTop1(), 0.0);
    assertEquals(0.95, s.bestTop5(), 0.0);
    assertEquals(0.95, s.finalTop5(), 0.0);
    assertEquals(1.0, s.finalTrainLoss(), 0.0);
    assertEquals(36, s.totalSeconds(), 0.0);
    // (1000*10 + 2000*10 + 1500*20) images / 40 s
    assertEquals(1500, s.imagesPerSecond(), 1e-9);
  }

  @Test
  void writesPrettyJsonThatReadsBackEqual() throws IOException {
    Map<String, String> extras = new LinkedHashMap<>();
    extras.put("reparam", "kflo:2x4");
    extras.put("collapseMaxAbsDiff", "1.2e-6");
    RunSummary s = RunSummary.of("run-a", rows(4), extras);
    Path file = dir.resolve("summary.json");
    s.write(file);
    String json = Files.readString(file);
    assertTrue(json.contains("\n  \"configName\": \"run-a\",\n"), json);
    assertTrue(json.contains("\"reparam\": \"kflo:2x4\""), json);
    RunSummary back = RunSummary.read(file);
    assertEquals(s, back);
    assertEquals(List.of("reparam", "collapseMaxAbsDiff"), List.copyOf(back.extras().keySet()));
  }

  @Test
  void neverEvaluatedIsNaNAndSurvivesJson() {
    EpochMetrics row = new EpochMetrics(1, 2.0, 0.3, Double.NaN, Double.NaN, 0.1, 100, 1, 1, 1);
    RunSummary s = RunSummary.of("x", List.of(row), Map.of());
    assertTrue(Double.isNaN(s.bestTop1()));
    assertEquals(0, s.bestTop1Epoch());
    assertEquals(s, RunSummary.fromJson(s.toJson()));
  }

  @Test
  void rejectsInvalidJson() {
    assertEquals(
        "invalid summary JSON: configName must not be blank, got null",
        assertThrows(
                IllegalArgumentException.class, () -> RunSummary.fromJson("{\"epochsDone\": 3}"))
            .getMessage());
    assertEquals(
        "malformed summary JSON: not a number: \"many\"",
        assertThrows(
                IllegalArgumentException.class,
                () -> RunSummary.fromJson("{\"configName\": \"x\", \"epochsDone\": \"many\"}"))
            .getMessage());
  }

  @Test
  void rejectsEmptyRuns() {
    assertEquals(
        "no epochs to summarize",
        assertThrows(IllegalArgumentException.class, () -> RunSummary.of("x", List.of(), Map.of()))
            .getMessage());
  }
}
