package io.kflo4j.training.metrics;

import static io.kflo4j.training.metrics.MetricsFixtures.row;
import static io.kflo4j.training.metrics.MetricsFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

  @TempDir Path dir;

  @Test
  void writesHeaderOnceAndRowsThatReadBackExactly() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    MetricsLog log = MetricsLog.create(csv);
    assertEquals(List.of(MetricsLog.HEADER), Files.readAllLines(csv));
    for (EpochMetrics m : rows(3)) {
      log.append(m);
    }
    List<String> lines = Files.readAllLines(csv);
    assertEquals(4, lines.size());
    assertEquals(MetricsLog.HEADER, lines.get(0));
    assertEquals(
        "1,2.0,0.1,0.3433333333333333,0.901,0.05403023058681398,1535.25,34.3,31.1,33.3",
        lines.get(1));
    assertEquals(rows(3), MetricsLog.read(csv)); // NaN in epoch 2 included
    assertEquals(rows(3), log.rows());
    assertEquals(3, log.lastEpoch());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(csv), files.toList(), "no temporary file left behind");
    }
  }

  @Test
  void resumeDropsRowsAfterTheCheckpointAndContinues() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    MetricsLog log = MetricsLog.create(csv);
    for (EpochMetrics m : rows(5)) {
      log.append(m);
    }
    MetricsLog resumed = MetricsLog.resume(csv, 3);
    assertEquals(rows(3), resumed.rows());
    assertEquals(rows(3), MetricsLog.read(csv));
    EpochMetrics redo = new EpochMetrics(4, 0.5, 0.6, 0.7, 0.8, 0.01, 1000, 10, 9, 200);
    resumed.append(redo);
    List<EpochMetrics> expected = new java.util.ArrayList<>(rows(3));
    expected.add(redo);
    assertEquals(expected, MetricsLog.read(csv));
  }

  @Test
  void resumeWithoutFileStartsEmpty() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    MetricsLog log = MetricsLog.resume(csv, 0);
    assertTrue(log.rows().isEmpty());
    assertEquals(List.of(MetricsLog.HEADER), Files.readAllLines(csv));
  }

  @Test
  void rejectsNonIncreasingEpochsAndExistingFile() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    MetricsLog log = MetricsLog.create(csv);
    log.append(row(2));
    assertEquals(
        "epoch must be greater than the last logged epoch 2, got 2",
        assertThrows(IllegalArgumentException.class, () -> log.append(row(2))).getMessage());
    assertEquals(List.of(row(2)), MetricsLog.read(csv));
    assertThrows(FileAlreadyExistsException.class, () -> MetricsLog.create(csv));
  }

  @Test
  void reportsMalformedFiles() throws IOException {
    Path csv = dir.resolve("metrics.csv");
    Files.writeString(csv, "epoch,loss\n");
    assertEquals(
        csv + " line 1: expected the header '" + MetricsLog.HEADER + "'",
        assertThrows(IOException.class, () -> MetricsLog.read(csv)).getMessage());
    Files.writeString(csv, MetricsLog.HEADER + "\n1,2.0,0.1\n");
    assertEquals(
        csv + " line 2: expected 10 fields, found 3",
        assertThrows(IOException.class, () -> MetricsLog.read(csv)).getMessage());
    Files.writeString(csv, MetricsLog.format(List.of(row(2), row(1))));
    assertEquals(
        csv + " line 3: epoch 1 does not increase",
        assertThrows(IOException.class, () -> MetricsLog.read(csv)).getMessage());
    Files.writeString(csv, MetricsLog.HEADER + "\n1,x,0,0,0,0,0,0,0,0\n");
    assertEquals(
        csv + " line 2: For input string: \"x\"",
        assertThrows(IOException.class, () -> MetricsLog.read(csv)).getMessage());
  }
}
