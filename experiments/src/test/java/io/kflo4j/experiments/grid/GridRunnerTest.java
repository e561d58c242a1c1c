package io.kflo4j.experiments.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.run.RunLock;
import io.kflo4j.training.testing.LockHolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner and the table with a stand-in launcher that writes what a run writes: its summary
 * after every epoch, a final top-1 that depends on method and seed only, and, on request, a crash
 * after epoch 1 or an error exit.
 */
class GridRunnerTest {
  private static final String SPEC =
      """
      {"name": "t", "datasets": ["cifar10"], "architectures": ["cifar-quick", "wrn-10-1"],
       "parameterizations": ["plain", "kflo:2x4"], "seeds": [1, 2, 3], "epochs": 2}
      """;

  @TempDir Path tmp;

  /** Cells that crash (no exit code: the JVM was killed) or fail (exit 1) on their next launch. */
  private final Set<String> crashNext = ConcurrentHashMap.newKeySet();

  private final Set<String> failNext = ConcurrentHashMap.newKeySet();
  private final List<String> launched = new ArrayList<>();

  /**
   * After a crash nothing more runs in that grid process (its pool may already have taken the next
   * cell).
   */
  private volatile boolean dead;

  private int launch(List<String> args, Path log) throws IOException {
    if (dead) {
      throw new IOException("the grid process is dead");
    }
    Path out = Path.of(args.get(args.size() - 1));
    String name = out.getFileName().toString();
    synchronized (launched) {
      launched.add(name);
    }
    // As kflo train: a new run needs an empty directory (a released lock file aside) and records
    // its configuration first;
    // --resume continues from the recorded one.
    Path config = out.resolve("config.json");
    if (args.contains("--resume")) {
      if (!Files.isRegularFile(config)) {
        return 1;
      }
      args = Files.readAllLines(config);
    } else if (Files.isDirectory(out)
        && Files.list(out).anyMatch(p -> !p.getFileName().toString().equals(RunLock.FILE))) {
      return 1;
    }
    Files.createDirectories(out);
    if (failNext.remove(name)) {
      return 1;
    }
    Files.write(config, args);
    String reparam = args.get(args.indexOf("--reparam") + 1);
    long seed = Long.parseLong(args.get(args.indexOf("--seed") + 1));
    double top1 = (reparam.equals("plain") ? 0.80 : 0.82) + 0.01 * seed;
    int epochs = crashNext.remove(name) ? 1 : 2;
    new RunSummary(name, epochs, top1 + 0.005, 1, top1, 0.99, 0.99, 0.5, 10, 100, Map.of())
        .write(out.resolve("summary.json"));
    if (epochs < 2) {
      dead = true;
      throw new IOException("killed"); // the grid's own process dies mid-cell
    }
    return 0;
  }

  @Test
  void aRunKilledMidCellAndRerunFinishesWithTheTableOfAnUninterruptedRun() throws Exception {
    GridSpec spec = GridSpec.parse(SPEC);
    Path grid = tmp.resolve("grid");
    String crashed = spec.cells().get(4).name();
    crashNext.add(crashed);
    assertThrows(
        IOException.class, () -> new GridRunner(this::launch, 1).run(spec, SPEC, grid, line -> {}));
    assertEquals(
        CellStatus.State.INCOMPLETE,
        CellStatus.of(spec.cells().get(4), GridRunner.cellDirectory(grid, spec.cells().get(4)))
            .state());

    launched.clear();
    dead = false;
    GridRunner.Outcome outcome = new GridRunner(this::launch, 2).run(spec, SPEC, grid, line -> {});
    assertEquals(new GridRunner.Outcome(12, 4, 8, 0, 0), outcome);
    assertEquals(8, launched.size());
    assertEquals(true, launched.contains(crashed));

    Path reference = tmp.resolve("reference");
    new GridRunner(this::launch, 1).run(spec, SPEC, reference, line -> {});
    assertEquals(
        GridTable.read(reference, "method", "arch").markdown(),
        GridTable.read(grid, "method", "arch").markdown());
    assertEquals(
        """
        Grid t: test top-1 %, final / best, mean +- std (finished cells), 2 epochs, seeds [1, 2, 3]

        | method \\ arch | cifar-quick | wrn-10-1 |
        |---|---|---|
        | plain | 82.00 +- 1.00 / 82.50 +- 1.00 (3) | 82.00 +- 1.00 / 82.50 +- 1.00 (3) |
        | kflo-2x4 | 84.00 +- 1.00 / 84.50 +- 1.00 (3) | 84.00 +- 1.00 / 84.50 +- 1.00 (3) |
        """,
        GridTable.read(grid, "method", "arch").markdown());
  }

  @Test
  void failedAndUnfinishedCellsAreShownAndRetried() throws Exception {
    GridSpec spec = GridSpec.parse(SPEC);
    Path grid = tmp.resolve("grid");
    failNext.add(spec.cells().get(0).name());
    GridRunner.Outcome outcome = new GridRunner(this::launch, 1).run(spec, SPEC, grid, line -> {});
    assertEquals(new GridRunner.Outcome(12, 0, 11, 1, 0), outcome);
    Files.delete(GridRunner.cellDirectory(grid, spec.cells().get(11)).resolve("summary.json"));
    GridTable table = GridTable.read(grid, "method", "arch");
    assertEquals(
        "82.50 +- 0.71 / 83.00 +- 0.71 (2) [1 failed]",
        table.entries().get("plain").get("cifar-quick").markdown());
    assertEquals(
        "83.50 +- 0.71 / 84.00 +- 0.71 (2) [1 unfinished]",
        table.entries().get("kflo-2x4").get("wrn-10-1").markdown());
    assertEquals(
        """
        method,arch,n,final_mean,final_std,best_mean,best_std,failed,unfinished
        plain,cifar-quick,2,82.5000,0.7071,83.0000,0.7071,1,0
        plain,wrn-10-1,3,82.0000,1.0000,82.5000,1.0000,0,0
        kflo-2x4,cifar-quick,3,84.0000,1.0000,84.5000,1.0000,0,0
        kflo-2x4,wrn-10-1,2,83.5000,0.7071,84.0000,0.7071,0,1
        """,
        table.csv());

    launched.clear();
    assertEquals(
        new GridRunner.Outcome(12, 10, 2, 0, 0),
        new GridRunner(this::launch, 1).run(spec, SPEC, grid, line -> {}));
    assertEquals(
        Set.of(spec.cells().get(0).name(), spec.cells().get(11).name()), Set.copyOf(launched));
  }

  /** Another process runs a cell: this runner skips it, records nothing, and runs it later. */
  @Test
  void aCellAnotherProcessRunsIsSkippedNotFailed() throws Exception {
    GridSpec spec = GridSpec.parse(SPEC);
    Path grid = tmp.resolve("grid");
    GridCell busy = spec.cells().get(0);
    Path directory = Files.createDirectories(GridRunner.cellDirectory(grid, busy));
    Process holder = LockHolder.start(directory);
    List<String> lines = new ArrayList<>();
    try {
      assertEquals(
          new GridRunner.Outcome(12, 0, 11, 0, 1),
          new GridRunner(this::launch, 1).run(spec, SPEC, grid, lines::add));
    } finally {
      holder.destroyForcibly();
      holder.waitFor();
    }
    assertEquals(false, launched.contains(busy.name()));
    assertEquals(false, Files.exists(directory.resolve(CellStatus.EXIT_FILE)));
    assertEquals(
        1,
        lines.stream()
            .filter(
                line ->
                    line.startsWith(
                        "cell "
                            + busy.name()
                            + " skipped: run directory "
                            + directory
                            + " is in use by process "
                            + holder.pid()))
            .count(),
        lines.toString());

    launched.clear();
    assertEquals(
        new GridRunner.Outcome(12, 11, 1, 0, 0),
        new GridRunner(this::launch, 1).run(spec, SPEC, grid, line -> {}));
    assertEquals(List.of(busy.name()), launched);
  }

  @Test
  void theEtaIsTheMeanCellTimeOverTheRemainingCellsRunInParallel() {
    // Two cells of 6540 s each finished, 6 left, 2 at a time: 3 rounds of 6540 s.
    assertEquals(Duration.ofSeconds(19_620), GridRunner.eta(2 * 6540, 2, 6, 2));
    assertEquals(Duration.ofSeconds(6 * 6540), GridRunner.eta(2 * 6540, 2, 6, 1));
    assertEquals(Duration.ZERO, GridRunner.eta(100, 3, 0, 2));
  }

  @Test
  void theChartIsAPngOfTheTablesSize() throws Exception {
    Path grid = tmp.resolve("grid");
    new GridRunner(this::launch, 1).run(GridSpec.parse(SPEC), SPEC, grid, line -> {});
    byte[] png = GridChart.render(GridTable.read(grid, "method", "arch"), "t");
    java.awt.image.BufferedImage image =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertEquals(900, image.getWidth());
    assertEquals(500, image.getHeight());
  }

  /**
   * A table with an entry no cell of which finished (a grid run in parts) still charts: the other
   * bars are drawn and that one is left out (the chart failed with an index out of bounds when the
   * entry was in the first column).
   */
  @Test
  void aTableWithAnEntryWithoutFinishedCellsStillCharts() throws Exception {
    Path grid = tmp.resolve("grid");
    GridSpec spec = GridSpec.parse(SPEC);
    spec.cells().stream()
        .map(GridCell::name)
        .filter(name -> name.contains("cifar-quick") && name.contains("plain"))
        .forEach(failNext::add);
    assertEquals(3, failNext.size());
    assertEquals(
        new GridRunner.Outcome(12, 0, 9, 3, 0),
        new GridRunner(this::launch, 1).run(spec, SPEC, grid, line -> {}));
    byte[] png = GridChart.render(GridTable.read(grid, "method", "arch"), "t");
    java.awt.image.BufferedImage image =
        javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    assertEquals(900, image.getWidth());
  }

  @Test
  void aGridDirectoryHoldsOneGrid() throws Exception {
    Path grid = tmp.resolve("grid");
    new GridRunner(this::launch, 1).run(GridSpec.parse(SPEC), SPEC, grid, line -> {});
    String other = SPEC.replace("\"t\"", "\"u\"");
    assertEquals(
        "grid directory " + grid + " holds grid 't', not 'u': use another --out",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new GridRunner(this::launch, 1)
                        .run(GridSpec.parse(other), other, grid, line -> {}))
            .getMessage());
  }
}
