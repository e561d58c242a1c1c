package io.kflo4j.experiments.bench;

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
    assertEquals(14, result.measurements().size());
    for (InferenceBenchmark.Measurement m : result.measurements()) {
      assertEquals(2, m.imagesPerSecond().length);
      assertTrue(m.median() > 0, m.toString());
      // every call of every round at batch 1, none at batch 4
      assertEquals(m.batch() == 1 ? 2 * m.iterations() : 0, m.latenciesMillis().length);
    }
    assertTrue(result.ratio(InferenceBenchmark.ONNX, InferenceBenchmark.EXPORTED, 4) > 0);
    InferenceBenchmark.Measurement onnx = result.measurement(InferenceBenchmark.ONNX, 1);
    assertTrue(onnx.latencyQuantile(0.5) > 0);
    assertTrue(onnx.latencyQuantile(0.99) >= onnx.latencyQuantile(0.5));
    String table = result.table();
    assertTrue(
        table.startsWith(
            "| model | images/s, batch 1 | images/s, batch 4 | p50 ms, batch 1 | p99 ms, batch 1 |"),
        table);
    assertTrue(table.contains("\n| (d) ONNX Runtime | "), table);
    assertTrue(table.contains("\n| (d') ONNX Runtime, BN folded | "), table);
    assertTrue(table.contains("\n| (b) uncollapsed kflo:2x4 | "), table);
    assertEquals(9, table.lines().count());
    assertTrue(log.contains("round 2/2 done"), log.toString());
  }

  @Test
  void realImagesAreTheOnesMeasured() {
    InferenceBenchmark.Config config =
        new InferenceBenchmark.Config("cifar-quick", "plain", 10, List.of(2), 1, 0.01, 7);
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                InferenceBenchmark.run(
                    config, io.kflo4j.datasets.core.ImageSet.random(1, 10, 1), tmp, line -> {}));
    assertEquals("the largest batch is 2 images, the set has 1", e.getMessage());
  }

  @Test
  void latencyQuantilesAreNearestRanks() {
    InferenceBenchmark.Measurement m =
        new InferenceBenchmark.Measurement(
            "m", 1, 5, new double[] {1}, new double[] {5, 1, 4, 2, 3});
    assertEquals(3.0, m.latencyQuantile(0.5));
    assertEquals(5.0, m.latencyQuantile(0.99));
    assertEquals(1.0, m.latencyQuantile(0.2));
  }

  @Test
  void theMedianIsTheMiddleValue() {
    assertEquals(
        3.0, new InferenceBenchmark.Measurement("m", 1, 1, new double[] {5, 1, 3}).median());
    assertEquals(
        2.5, new InferenceBenchmark.Measurement("m", 1, 1, new double[] {4, 1, 3, 2}).median());
  }
}
