package io.kflo4j.cli;

import static io.kflo4j.experiments.grid.KfloArguments.GRID_CELL;
import static io.kflo4j.experiments.grid.KfloArguments.INDEX;

import io.kflo4j.experiments.grid.CellStatus;
import io.kflo4j.experiments.grid.GridCell;
import io.kflo4j.experiments.grid.GridRunner;
import io.kflo4j.experiments.grid.GridSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kflo grid cell}: one cell of a prepared grid, as a Slurm array task runs it. */
@Command(
    name = GRID_CELL,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Run cell INDEX (0-based, in the spec's order) of the grid in GRID (its grid.json), unless it is "
            + "done: the command each Slurm array task runs.")
final class GridCellCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "GRID",
      description = "the grid directory (holding grid.json)")
  Path grid;

  @Option(names = INDEX, required = true, description = "the cell's index, 0-based")
  int index;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<GridCell> cells = GridSpec.read(grid.resolve(GridRunner.SPEC_FILE)).cells();
    if (index < 0 || index >= cells.size()) {
      throw new IllegalArgumentException(
          "--index "
              + index
              + " is outside the grid's "
              + cells.size()
              + " cells (0.."
              + (cells.size() - 1)
              + ")");
    }
    GridCell cell = cells.get(index);
    PrintWriter out = spec.commandLine().getOut();
    if (CellStatus.of(cell, GridRunner.cellDirectory(grid, cell)).state()
        == CellStatus.State.DONE) {
      out.printf("cell %d %s: done already%n", index, cell.name());
      out.flush();
      return 0;
    }
    int exit = new GridRunner(GridRunCommand::launch, 1).runCell(grid, cell);
    out.printf(
        "cell %d %s: exit %d (log %s)%n",
        index, cell.name(), exit, grid.resolve(GridRunner.CELLS).resolve(cell.name() + ".log"));
    out.flush();
    return exit;
  }
}
