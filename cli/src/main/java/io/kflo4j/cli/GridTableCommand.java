package io.kflo4j.cli;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.experiments.grid.GridCell;
import io.kflo4j.experiments.grid.GridChart;
import io.kflo4j.experiments.grid.GridTable;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kflo grid table}: a grid's cells aggregated as Markdown (printed) and CSV
 * (GRID/table.csv).
 */
@Command(
    name = "table",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Aggregate a grid's cells: rows x columns of final / best test top-1, mean +- std over the other "
          + "axes (seeds), with counts; failed and unfinished cells are shown as such.",
      "Prints Markdown and writes GRID/table.md, GRID/table.csv and GRID/table.png (bars with std error bars),"
          + " and GRID/cells.csv: one line per cell (method, dataset, fraction, arch, seed, epochs done,"
          + " final and best top-1, final top-5, minutes)."
    })
final class GridTableCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "GRID", description = "the grid directory")
  Path grid;

  @Option(
      names = "--rows",
      defaultValue = "method",
      description =
          "the row axis: dataset, fraction, arch, method, "
              + "seed or epochs (default: ${DEFAULT-VALUE})")
  String rows;

  @Option(
      names = "--cols",
      defaultValue = "arch",
      description = "the column axis (default: ${DEFAULT-VALUE})")
  String columns;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    GridCell.checkAxis("--rows", rows);
    GridCell.checkAxis("--cols", columns);
    GridTable table = GridTable.read(grid, rows, columns);
    AtomicFiles.writeString(grid.resolve("table.md"), table.markdown());
    AtomicFiles.writeString(grid.resolve("table.csv"), table.csv());
    AtomicFiles.writeString(grid.resolve("cells.csv"), table.cellsCsv());
    if (table.entries().values().stream()
        .flatMap(row -> row.values().stream())
        .anyMatch(entry -> !entry.finalTop1().isEmpty())) {
      GridChart.write(
          table,
          grid.getFileName() + ": final test top-1 % (mean +- std)",
          grid.resolve("table.png"));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(table.markdown());
    out.flush();
    return 0;
  }
}
