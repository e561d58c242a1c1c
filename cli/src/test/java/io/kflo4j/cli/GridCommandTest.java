package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.testing.ImageFolderFixture;
import io.kflo4j.experiments.grid.CellStatus;
import io.kflo4j.training.metrics.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kflo grid run} and {@code kflo grid table} for real: two cells, each a {@code kflo train}
 * process.
 */
class GridCommandTest {
  @TempDir Path tmp;

  @Test
  void runsEachCellInItsOwnProcessSkipsThemWhenDoneAndTabulates() throws Exception {
    Path folder = ImageFolderFixture.write(tmp.resolve("pets"), List.of("cat", "dog"), 12, 3);
    Path spec = tmp.resolve("grid.json");
    Files.writeString(
        spec,
        """
        {"name": "pets", "datasets": ["folder:%s"], "architectures": ["cifar-quick"],
         "methods": [{"name": "plain", "reparam": "plain", "arguments": ["--batch", "8"]}],
         "seeds": [1, 2], "epochs": 1}
        """
            .formatted(folder));
    Path grid = tmp.resolve("grid");
    StringWriter out = new StringWriter();
    CommandLine commandLine = KfloCommand.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    assertEquals(
        0,
        commandLine.execute("grid", "run", spec.toString(), "--out", grid.toString()),
        out.toString());
    for (String cell :
        List.of("folder-pets-cifar-quick-plain-e1-s1", "folder-pets-cifar-quick-plain-e1-s2")) {
      Path run = grid.resolve("cells").resolve(cell);
      assertEquals(1, RunSummary.read(run.resolve("summary.json")).epochsDone(), cell);
      assertEquals("0", Files.readString(run.resolve(CellStatus.EXIT_FILE)).strip(), cell);
      assertTrue(Files.size(grid.resolve("cells").resolve(cell + ".log")) > 0, cell + ".log");
    }
    assertTrue(out.toString().contains("cell 2/2 "), out.toString());

    StringWriter again = new StringWriter();
    commandLine.setOut(new PrintWriter(again));
    assertEquals(0, commandLine.execute("grid", "run", spec.toString(), "--out", grid.toString()));
    assertTrue(
        again.toString().contains("grid pets: 2 cells, 2 done already, 0 to run"),
        again.toString());

    StringWriter table = new StringWriter();
    commandLine.setOut(new PrintWriter(table));
    assertEquals(0, commandLine.execute("grid", "table", grid.toString()));
    assertTrue(table.toString().contains("| plain | "), table.toString());
    assertTrue(table.toString().contains(" (2) |"), table.toString());
    assertEquals(2, Files.readAllLines(grid.resolve("table.csv")).size());
  }

  /**
   * A cell process killed (kill -9) after its first epoch: the grid records the failure, and the
   * next {@code grid run} resumes the cell from its checkpoint with {@code kflo train --resume},
   * ending with the metrics of a run that was never interrupted (one thread: reproducible).
   */
  @Test
  @Tag("slow")
  void aKilledCellResumesToTheMetricsOfAnUninterruptedRun() throws Exception {
    Path folder = ImageFolderFixture.write(tmp.resolve("pets"), List.of("cat", "dog"), 12, 3);
    String specText =
        """
        {"name": "%s", "datasets": ["folder:%s"], "architectures": ["cifar-quick"],
         "methods": [{"name": "plain", "reparam": "plain",
                      "arguments": ["--batch", "8", "--threads", "1"]}],
         "seeds": [1], "epochs": 3}
        """;
    Path straightSpec = tmp.resolve("straight.json");
    Files.writeString(straightSpec, specText.formatted("straight", folder));
    Path killedSpec = tmp.resolve("killed.json");
    Files.writeString(killedSpec, specText.formatted("killed", folder));
    String cell = "folder-pets-cifar-quick-plain-e3-s1";
    Path straight = tmp.resolve("straight");
    assertEquals(0, gridRun(straightSpec, straight));

    Path killed = tmp.resolve("killed");
    Path metrics = killed.resolve("cells").resolve(cell).resolve("metrics.csv");
    Path summary = killed.resolve("cells").resolve(cell).resolve("summary.json");
    java.util.concurrent.atomic.AtomicInteger firstExit =
        new java.util.concurrent.atomic.AtomicInteger(-1);
    Thread grid = new Thread(() -> firstExit.set(gridRun(killedSpec, killed)));
    grid.start();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
    // summary.json is written (atomically) after the epoch's metrics row: waiting for the row alone
    // could kill the cell between the two on a loaded machine.
    while (!Files.exists(summary)) {
      assertTrue(System.nanoTime() < deadline, "the cell never finished its first epoch");
      Thread.sleep(50);
    }
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    grid.join();
    assertEquals(1, firstExit.get(), "a grid with a failed cell exits 1");
    assertTrue(
        !Files.readString(killed.resolve("cells").resolve(cell).resolve(CellStatus.EXIT_FILE))
            .strip()
            .equals("0"),
        "the killed cell is recorded as failed");
    assertTrue(RunSummary.read(summary).epochsDone() < 3, "killed before its last epoch");

    assertEquals(0, gridRun(killedSpec, killed));
    java.util.List<io.kflo4j.training.metrics.EpochMetrics> expected =
        io.kflo4j.training.metrics.MetricsLog.read(
            straight.resolve("cells").resolve(cell).resolve("metrics.csv"));
    java.util.List<io.kflo4j.training.metrics.EpochMetrics> resumed =
        io.kflo4j.training.metrics.MetricsLog.read(metrics);
    assertEquals(3, resumed.size());
    for (int e = 0; e < 3; e++) {
      assertEquals(expected.get(e).trainLoss(), resumed.get(e).trainLoss(), "epoch " + (e + 1));
      assertEquals(expected.get(e).testTop1(), resumed.get(e).testTop1(), "epoch " + (e + 1));
    }
  }

  private static int gridRun(Path spec, Path grid) {
    CommandLine commandLine = KfloCommand.newCommandLine();
    commandLine.setOut(new PrintWriter(new StringWriter()));
    return commandLine.execute("grid", "run", spec.toString(), "--out", grid.toString());
  }
}
