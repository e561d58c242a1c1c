package io.kflo4j.experiments.grid;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.training.run.RunInUseException;
import io.kflo4j.training.run.RunLock;
import io.kflo4j.training.run.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs a grid's unfinished cells, each as its own process through a {@link CellLauncher}, one after
 * the other or {@code parallel} at a time: a crash or a NaN stops only its cell. Cells live in
 * {@code GRID/cells/<name>}; a rerun skips finished cells and resumes the others (the runs
 * themselves resume from their checkpoints). The spec is kept as {@code GRID/grid.json}, which
 * {@link GridTable} reads.
 */
public final class GridRunner {
  /** The spec's copy in the grid directory. */
  public static final String SPEC_FILE = "grid.json";

  /** The cells' parent directory in the grid directory. */
  public static final String CELLS = "cells";

  private static final Logger LOG = LogManager.getLogger(GridRunner.class);

  private final CellLauncher launcher;
  private final int parallel;

  /** A runner that starts cells with {@code launcher}, at most {@code parallel} at a time. */
  public GridRunner(CellLauncher launcher, int parallel) {
    if (parallel < 1) {
      throw new IllegalArgumentException("--parallel must be >= 1, got " + parallel);
    }
    this.launcher = launcher;
    this.parallel = parallel;
  }

  /**
   * The outcome of a run.
   *
   * @param total cells in the grid
   * @param skipped cells already done before this run
   * @param done cells finished by this run
   * @param failed cells whose process failed in this run
   * @param inUse cells skipped because another process runs them ({@link RunLock})
   */
  public record Outcome(int total, int skipped, int done, int failed, int inUse) {}

  /** Directory of a cell in a grid directory. */
  public static Path cellDirectory(Path grid, GridCell cell) {
    return grid.resolve(CELLS).resolve(cell.name());
  }

  /**
   * Runs the unfinished cells of {@code spec} in {@code grid}, reporting each finished cell's line
   * to {@code progress}.
   *
   * @throws IllegalArgumentException if {@code grid} holds a grid of another name
   */
  public Outcome run(GridSpec spec, String specJson, Path grid, Consumer<String> progress)
      throws IOException, InterruptedException {
    prepare(spec, specJson, grid);
    List<GridCell> cells = spec.cells();
    List<GridCell> todo = new ArrayList<>();
    for (GridCell cell : cells) {
      if (CellStatus.of(cell, cellDirectory(grid, cell)).state() != CellStatus.State.DONE) {
        todo.add(cell);
      }
    }
    int skipped = cells.size() - todo.size();
    progress.accept(
        String.format(
            "grid %s: %d cells, %d done already, %d to run, %d at a time",
            spec.name(), cells.size(), skipped, todo.size(), parallel));
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger inUse = new AtomicInteger();
    DoubleAdder cellSeconds = new DoubleAdder();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (GridCell cell : todo) {
        futures.add(
            pool.submit(
                () -> {
                  awaitReferences(grid, spec, cell);
                  long cellStart = System.nanoTime();
                  try {
                    if (runCell(grid, cell) != 0) {
                      failed.incrementAndGet();
                    }
                  } catch (RunInUseException e) {
                    inUse.incrementAndGet();
                    LOG.warn("cell {} skipped: {}", cell.name(), e.getMessage());
                    progress.accept("cell " + cell.name() + " skipped: " + e.getMessage());
                  }
                  cellSeconds.add((System.nanoTime() - cellStart) / 1e9);
                  int count = finished.incrementAndGet();
                  Duration eta = eta(cellSeconds.sum(), count, todo.size() - count, parallel);
                  String line =
                      String.format(
                          "cell %d/%d %s: %s, %d failed so far, ETA %s",
                          skipped + count,
                          cells.size(),
                          cell.name(),
                          CellStatus.of(cell, cellDirectory(grid, cell)).state(),
                          failed.get(),
                          format(eta));
                  LOG.info(line);
                  progress.accept(line);
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException(
              "grid cell runner failed: " + e.getCause().getMessage(), e.getCause());
        }
      }
    } finally {
      // A worker may already hold the next cell: wait, so that no cell starts after run returns.
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
    return new Outcome(
        cells.size(),
        skipped,
        finished.get() - failed.get() - inUse.get(),
        failed.get(),
        inUse.get());
  }

  /** How often a cell waiting for the cells it uses checks them again. */
  static final Duration REFERENCE_POLL = Duration.ofSeconds(5);

  /**
   * Waits until every cell {@code cell} refers to (its ensemble, its {@code {cell:METHOD}}
   * arguments) is done or failed: with several cells at a time, a cell can start while one it uses
   * still runs.
   */
  private static void awaitReferences(Path grid, GridSpec spec, GridCell cell)
      throws InterruptedException {
    List<GridCell> references =
        spec.cells().stream().filter(other -> spec.refersTo(cell, other)).toList();
    for (GridCell reference : references) {
      while (true) {
        CellStatus.State state = CellStatus.of(reference, cellDirectory(grid, reference)).state();
        if (state == CellStatus.State.DONE || state == CellStatus.State.FAILED) {
          break;
        }
        Thread.sleep(REFERENCE_POLL.toMillis());
      }
    }
  }

  /**
   * Creates the grid directory and keeps the spec in it.
   *
   * @throws IllegalArgumentException if {@code grid} holds a grid of another name
   */
  public static void prepare(GridSpec spec, String specJson, Path grid) throws IOException {
    Files.createDirectories(grid.resolve(CELLS));
    Path specFile = grid.resolve(SPEC_FILE);
    if (Files.exists(specFile)) {
      String existing = GridSpec.read(specFile).name();
      if (!existing.equals(spec.name())) {
        throw new IllegalArgumentException(
            "grid directory "
                + grid
                + " holds grid '"
                + existing
                + "', not '"
                + spec.name()
                + "': use another --out");
      }
    }
    AtomicFiles.writeString(specFile, specJson);
  }

  /**
   * The time left: the remaining cells at the mean time of a finished cell (each cell timed from
   * its own start), {@code parallel} at a time.
   *
   * @param cellSeconds the finished cells' times, summed
   */
  static Duration eta(double cellSeconds, int finished, int remaining, int parallel) {
    return Duration.ofSeconds(Math.round(cellSeconds / finished * remaining / parallel));
  }

  /**
   * Runs one cell (the command every runner uses: local, parallel or a Slurm array task), recording
   * its exit code.
   *
   * @return the cell process's exit code
   * @throws RunInUseException if another process runs the cell now
   */
  public int runCell(Path grid, GridCell cell) throws IOException, InterruptedException {
    Path directory = cellDirectory(grid, cell);
    Path log = grid.resolve(CELLS).resolve(cell.name() + ".log");
    boolean resume = false;
    if (Files.isDirectory(directory)) {
      // Refused while another process (another runner, a Slurm task) runs the cell.
      try (RunLock lock = RunLock.acquire(directory)) {
        resume = continues(directory, lock);
      }
    }
    List<String> arguments = cell.command(directory, resume).arguments();
    LOG.info("cell {}: kflo {}", cell.name(), String.join(" ", arguments));
    int exit = launcher.run(arguments, log);
    Files.createDirectories(directory);
    AtomicFiles.writeString(directory.resolve(CellStatus.EXIT_FILE), exit + "\n");
    if (exit != 0) {
      LOG.warn("cell {} failed with exit code {}: see {}", cell.name(), exit, log);
    }
    return exit;
  }

  /**
   * Whether the cell's run continues ({@link RunState}: resumed or finished); a cell that starts
   * (over) has its directory cleared of what an earlier attempt left, and a run that cannot be
   * continued (a damaged checkpoint, lost epochs) is handed to the cell's process, which names the
   * problem in the cell's log.
   */
  private static boolean continues(Path directory, RunLock lock) throws IOException {
    RunState.Next next;
    try {
      next = RunState.read(directory).next();
    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
      return true;
    }
    if (next == RunState.Next.START || next == RunState.Next.START_OVER) {
      lock.clearDirectory();
      return false;
    }
    return true;
  }

  private static String format(Duration duration) {
    return String.format(
        "%d:%02d:%02d", duration.toHours(), duration.toMinutesPart(), duration.toSecondsPart());
  }
}
