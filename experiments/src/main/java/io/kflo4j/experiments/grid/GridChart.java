package io.kflo4j.experiments.grid;

import io.kflo4j.common.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * A grid table as a bar chart: one group per row (method), one bar per column (architecture), the
 * mean final test top-1 with the sample std as error bar; an entry without a finished cell has no
 * bar in its group.
 */
public final class GridChart {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private GridChart() {}

  /** The chart of {@code table} as PNG bytes. */
  public static byte[] render(GridTable table, String title) throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(500)
            .title(title)
            .xAxisTitle("")
            .yAxisTitle("final test top-1 %")
            .build();
    chart.getStyler().setErrorBarsColor(java.awt.Color.DARK_GRAY);
    Map<String, Map<String, GridTable.Entry>> entries = table.entries();
    List<String> columns = new ArrayList<>(entries.values().iterator().next().keySet());
    // Every series names every row (the chart places bars by position); no bar where none finished.
    List<String> rows = new ArrayList<>(entries.keySet());
    for (String column : columns) {
      List<Double> means = new ArrayList<>();
      List<Double> errors = new ArrayList<>();
      for (Map<String, GridTable.Entry> byColumn : entries.values()) {
        List<Double> top1 = byColumn.get(column).finalTop1();
        if (top1.isEmpty()) {
          means.add(null);
          errors.add(null);
        } else {
          means.add(GridTable.mean(top1));
          errors.add(top1.size() > 1 ? GridTable.std(top1) : 0.0);
        }
      }
      if (means.stream().allMatch(Objects::nonNull)) {
        chart.addSeries(column, rows, means, errors);
      } else if (means.stream().anyMatch(Objects::nonNull)) {
        // The chart takes no error bars beside a missing value: this series goes without.
        chart.addSeries(column, rows, means);
      }
    }
    if (chart.getSeriesMap().isEmpty()) {
      throw new IllegalStateException("no finished cell to chart");
    }
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }

  /** Writes the chart to {@code png} atomically. */
  public static void write(GridTable table, String title, Path png) throws IOException {
    AtomicFiles.write(png, render(table, title));
  }
}
