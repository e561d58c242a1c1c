package io.kflo4j.savedmodels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceBenchmarkTest {
  @TempDir Path tmp;

  @Test
  void measuresEveryModelAtEveryBatchSize() {
    List<String> log = new ArrayList<>();
    InferenceBenchmark.Config config =
        new InferenceBenchmark.Config("cifar-quick", "kflo:2x4", 10, List.of(1, 4), 2, 0.02, 7);
    InferenceBenchmark.Result result = InferenceBenchmark.run(config, tmp, log::add);
    assertEquals(10, result.measurements().size());
    for (InferenceBenchmark.Measurement m : result.measurements()) {
      assertEquals(2, m.imagesPerSecond().length);
      assertTrue(m.median() > 0, m.toString());
    }
    assertTrue(result.ratio(InferenceBenchmark.EXPORTED, InferenceBenchmark.PLAIN_GRAPH, 4) > 0);
    String table = result.table();
    assertTrue(
        table.startsWith(
            "| batch | (a) exported | (a') exported, BN folded | (b) uncollapsed kflo:2x4 |"),
        table);
    assertEquals(4, table.lines().count());
    assertTrue(log.contains("round 2/2 done"), log.toString());
  }

  @Test
  void theMedianIsTheMiddleValue() {
    assertEquals(
        3.0, new InferenceBenchmark.Measurement("m", 1, 1, new double[] {5, 1, 3}).median());
    assertEquals(
        2.5, new InferenceBenchmark.Measurement("m", 1, 1, new double[] {4, 1, 3, 2}).median());
  }
}
