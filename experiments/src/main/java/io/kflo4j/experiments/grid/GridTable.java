package io.kflo4j.experiments.grid;

import io.kflo4j.training.metrics.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A grid's finished cells aggregated in the paper's layout: one row per value of the row axis
 * (methods by default), one column per value of the column axis (architectures by default), each
 * entry the mean +- sample std over the cells that share it (the seeds, and any other axis) of the
 * final and the best test top-1, with their count. Missing and failed cells are counted in the
 * entry, never dropped silently.
 */
public final class GridTable {

  /**
   * One entry of the table.
   *
   * @param row the row axis value
   * @param column the column axis value
   * @param finalTop1 final test top-1 % of the finished cells
   * @param bestTop1 best test top-1 % of the finished cells
   * @param failed cells whose last process failed
   * @param unfinished cells not started or not finished
   */
  public record Entry(
      String row,
      String column,
      List<Double> finalTop1,
      List<Double> bestTop1,
      int failed,
      int unfinished) {

    /** {@code mean +- std} of values (std over n - 1; "-" for a single value). */
    static String meanStd(List<Double> values) {
      if (values.isEmpty()) {
        return "-";
      }
      return values.size() == 1
          ? String.format(Locale.ROOT, "%.2f", mean(values))
          : String.format(Locale.ROOT, "%.2f +- %.2f", mean(values), std(values));
    }

    /** The Markdown text of the entry: final, best, count and what is missing. */
    String markdown() {
      if (finalTop1.isEmpty()) {
        return "no finished cell" + missing();
      }
      return meanStd(finalTop1)
          + " / "
          + meanStd(bestTop1)
          + " ("
          + finalTop1.size()
          + ")"
          + missing();
    }

    private String missing() {
      List<String> parts = new ArrayList<>();
      if (failed > 0) {
        parts.add(failed + " failed");
      }
      if (unfinished > 0) {
        parts.add(unfinished + " unfinished");
      }
      return parts.isEmpty() ? "" : " [" + String.join(", ", parts) + "]";
    }
  }

  private final GridSpec spec;
  private final String rowAxis;
  private final String columnAxis;
  private final Map<String, Map<String, Entry>> entries;
  private final Map<GridCell, RunSummary> summaries;

  private GridTable(
      GridSpec spec,
      String rowAxis,
      String columnAxis,
      Map<String, Map<String, Entry>> entries,
      Map<GridCell, RunSummary> summaries) {
    this.spec = spec;
    this.rowAxis = rowAxis;
    this.columnAxis = columnAxis;
    this.entries = entries;
    this.summaries = summaries;
  }

  /**
   * Reads the grid in {@code grid} (its {@code grid.json} and cell directories).
   *
   * @throws IOException if {@code grid.json} cannot be read
   */
  public static GridTable read(Path grid, String rowAxis, String columnAxis) throws IOException {
    GridSpec spec = GridSpec.read(grid.resolve(GridRunner.SPEC_FILE));
    Set<String> rows = new LinkedHashSet<>();
    Set<String> columns = new LinkedHashSet<>();
    Map<String, List<CellStatus>> byKey = new LinkedHashMap<>();
    Map<GridCell, RunSummary> summaries = new LinkedHashMap<>();
    for (GridCell cell : spec.cells()) {
      String row = cell.axis(rowAxis);
      String column = cell.axis(columnAxis);
      rows.add(row);
      columns.add(column);
      CellStatus status = CellStatus.of(cell, GridRunner.cellDirectory(grid, cell));
      status.summary().ifPresent(summary -> summaries.put(cell, summary));
      byKey.computeIfAbsent(row + "\u0000" + column, k -> new ArrayList<>()).add(status);
    }
    Map<String, Map<String, Entry>> entries = new LinkedHashMap<>();
    for (String row : rows) {
      Map<String, Entry> rowEntries = new LinkedHashMap<>();
      for (String column : columns) {
        List<Double> finals = new ArrayList<>();
        List<Double> bests = new ArrayList<>();
        int failed = 0;
        int unfinished = 0;
        for (CellStatus status : byKey.getOrDefault(row + "\u0000" + column, List.of())) {
          switch (status.state()) {
            case DONE -> {
              RunSummary summary = status.summary().orElseThrow();
              finals.add(100 * summary.finalTop1());
              bests.add(100 * summary.bestTop1());
            }
            case FAILED -> failed++;
            default -> unfinished++;
          }
        }
        rowEntries.put(column, new Entry(row, column, finals, bests, failed, unfinished));
      }
      entries.put(row, rowEntries);
    }
    return new GridTable(spec, rowAxis, columnAxis, entries, summaries);
  }

  /** Entries by row, then column, in the spec's order. */
  public Map<String, Map<String, Entry>> entries() {
    return entries;
  }

  /** The table as Markdown: a title line, then rows x columns of "final / best (n)". */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Grid %s: test top-1 %%, final / best, mean +- std (finished cells), "
                + "%d epochs, seeds %s%n%n",
            spec.name(),
            spec.epochs(),
            spec.seeds()));
    List<String> columns = new ArrayList<>(entries.values().iterator().next().keySet());
    out.append("| ").append(rowAxis).append(" \\ ").append(columnAxis).append(" |");
    columns.forEach(c -> out.append(' ').append(c).append(" |"));
    out.append('\n').append("|---|");
    columns.forEach(c -> out.append("---|"));
    out.append('\n');
    entries.forEach(
        (row, byColumn) -> {
          out.append("| ").append(row).append(" |");
          byColumn.values().forEach(e -> out.append(' ').append(e.markdown()).append(" |"));
          out.append('\n');
        });
    return out.toString();
  }

  /** The table as CSV, one line per entry. */
  public String csv() {
    StringBuilder out =
        new StringBuilder(
            rowAxis
                + ","
                + columnAxis
                + ",n,final_mean,final_std,best_mean,best_std,failed,unfinished\n");
    entries
        .values()
        .forEach(
            byColumn ->
                byColumn
                    .values()
                    .forEach(
                        e ->
                            out.append(
                                    String.join(
                                        ",",
                                        e.row(),
                                        e.column(),
                                        Integer.toString(e.finalTop1().size()),
                                        stat(e.finalTop1(), true),
                                        stat(e.finalTop1(), false),
                                        stat(e.bestTop1(), true),
                                        stat(e.bestTop1(), false),
                                        Integer.toString(e.failed()),
                                        Integer.toString(e.unfinished())))
                                .append('\n')));
    return out.toString();
  }

  /** The header of {@link #cellsCsv()}; column names are stable. */
  public static final String CELLS_HEADER =
      "method,dataset,fraction,arch,seed,epochs_done,final_top1,best_top1,final_top5,minutes";

  /**
   * One line per cell that has a summary (finished or not; an ensemble cell once evaluated): its
   * axes, epochs done, final and best test top-1 %, final top-5 % and its wall minutes (all
   * sessions of a resumed run; 0 for an ensemble's evaluation).
   */
  public String cellsCsv() {
    StringBuilder out = new StringBuilder(CELLS_HEADER).append('\n');
    summaries.forEach(
        (cell, summary) ->
            out.append(
                    String.join(
                        ",",
                        cell.method().name(),
                        cell.dataset(),
                        cell.axis("fraction"),
                        cell.arch(),
                        Long.toString(cell.seed()),
                        Integer.toString(summary.epochsDone()),
                        String.format(Locale.ROOT, "%.2f", 100 * summary.finalTop1()),
                        String.format(Locale.ROOT, "%.2f", 100 * summary.bestTop1()),
                        String.format(Locale.ROOT, "%.2f", 100 * summary.finalTop5()),
                        String.format(Locale.ROOT, "%.1f", summary.totalSeconds() / 60)))
                .append('\n'));
    return out.toString();
  }

  private static String stat(List<Double> values, boolean mean) {
    if (values.isEmpty() || (!mean && values.size() < 2)) {
      return "";
    }
    return String.format(Locale.ROOT, "%.4f", mean ? mean(values) : std(values));
  }

  static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  /** Sample standard deviation (n - 1). */
  static double std(List<Double> values) {
    double mean = mean(values);
    return Math.sqrt(
        values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / (values.size() - 1));
  }
}
