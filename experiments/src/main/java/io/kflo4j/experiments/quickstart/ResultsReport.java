package io.kflo4j.experiments.quickstart;

import io.kflo4j.common.files.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Writes the results table as Markdown ({@code results.md}), CSV ({@code results.csv}) and a bar
 * chart PNG.
 */
public final class ResultsReport {
  /** The Markdown table. */
  public static final String MARKDOWN = "results.md";

  /** The CSV table. */
  public static final String CSV = "results.csv";

  /** The bar chart. */
  public static final String CHART = "results.png";

  private ResultsReport() {}

  /** The Markdown table. */
  public static String markdown(String title, List<ResultRow> rows) {
    return markdown(title, rows, List.of());
  }

  /** The Markdown table, then {@code notes}, one paragraph each. */
  public static String markdown(String title, List<ResultRow> rows, List<String> notes) {
    StringBuilder out = new StringBuilder("# " + title + "\n\n");
    out.append(
        "| run | what | reparam | epochs | top-1 % | top-5 % | train min | export max abs diff |\n");
    out.append("|---|---|---|---|---|---|---|---|\n");
    for (ResultRow row : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %.2f | %.2f | %.1f | %.2e |%n",
              row.name(),
              row.description(),
              row.reparam(),
              row.epochs(),
              100 * row.top1(),
              100 * row.top5(),
              row.minutes(),
              row.exportMaxDiff()));
    }
    List<String> verdicts = verdicts(rows);
    if (!verdicts.isEmpty()) {
      out.append(
          "\nTransfer against training from scratch (final test top-1, this run's seed):\n\n");
      verdicts.forEach(v -> out.append("- ").append(v).append('\n'));
    }
    List<String> severalAgainstOne = severalAgainstOne(rows);
    if (!severalAgainstOne.isEmpty()) {
      out.append(
          "\nSeveral pretrained models against one (final test top-1, this run's seed):\n\n");
      severalAgainstOne.forEach(v -> out.append("- ").append(v).append('\n'));
    }
    notes.forEach(note -> out.append('\n').append(note).append('\n'));
    return out.toString();
  }

  /**
   * For each transfer row, whether it beats the from-scratch row of its parameterization, said
   * plainly: transfer that loses is reported as such, never hidden.
   */
  public static List<String> verdicts(List<ResultRow> rows) {
    List<String> verdicts = new ArrayList<>();
    for (ResultRow transfer : rows) {
      if (transfer.sources() == 0) {
        continue;
      }
      rows.stream()
          .filter(r -> r.sources() == 0 && r.reparam().equals(transfer.reparam()))
          .findFirst()
          .ifPresent(
              scratch -> {
                double points = 100 * (transfer.top1() - scratch.top1());
                verdicts.add(
                    String.format(
                        Locale.ROOT,
                        "%s: transfer from %d source%s %.2f vs from scratch %.2f: %s",
                        transfer.reparam(),
                        transfer.sources(),
                        transfer.sources() == 1 ? "" : "s",
                        100 * transfer.top1(),
                        100 * scratch.top1(),
                        points > 0
                            ? String.format(Locale.ROOT, "ahead by %.2f points", points)
                            : String.format(
                                Locale.ROOT,
                                "NOT ahead (%.2f points): transfer did not pay off on this budget",
                                points)));
              });
    }
    return verdicts;
  }

  /**
   * For each run from several sources, whether it beats plain transfer from one (the first plain
   * row with one source), said plainly: several models that lose to one are reported as such.
   */
  public static List<String> severalAgainstOne(List<ResultRow> rows) {
    List<String> verdicts = new ArrayList<>();
    rows.stream()
        .filter(r -> r.sources() == 1 && r.reparam().equals("plain"))
        .findFirst()
        .ifPresent(
            single -> {
              for (ResultRow several : rows) {
                if (several.sources() < 2) {
                  continue;
                }
                double points = 100 * (several.top1() - single.top1());
                verdicts.add(
                    String.format(
                        Locale.ROOT,
                        "%s (%s) %.2f vs %s (%s) %.2f: %s",
                        several.name(),
                        several.description(),
                        100 * several.top1(),
                        single.name(),
                        single.description(),
                        100 * single.top1(),
                        points > 0
                            ? String.format(Locale.ROOT, "ahead by %.2f points", points)
                            : String.format(
                                Locale.ROOT,
                                "NOT ahead (%.2f points): the %d models are worth less than one"
                                    + " here",
                                points,
                                several.sources())));
              }
            });
    return verdicts;
  }

  /** The CSV table (fractions, not percent). */
  public static String csv(List<ResultRow> rows) {
    StringBuilder out =
        new StringBuilder(
            "name,description,reparam,sources,epochs,top1,top5,minutes,export_max_abs_diff\n");
    for (ResultRow row : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s,\"%s\",%s,%d,%d,%.6f,%.6f,%.3f,%.3e%n",
              row.name(),
              row.description(),
              row.reparam(),
              row.sources(),
              row.epochs(),
              row.top1(),
              row.top5(),
              row.minutes(),
              row.exportMaxDiff()));
    }
    return out.toString();
  }

  /** Writes the three files into {@code directory}, each atomically. */
  public static void write(Path directory, String title, List<ResultRow> rows) throws IOException {
    write(directory, title, rows, List.of());
  }

  /** Writes the three files into {@code directory}, each atomically, notes after the table. */
  public static void write(Path directory, String title, List<ResultRow> rows, List<String> notes)
      throws IOException {
    AtomicFiles.writeString(directory.resolve(MARKDOWN), markdown(title, rows, notes));
    AtomicFiles.writeString(directory.resolve(CSV), csv(rows));
    AtomicFiles.write(directory.resolve(CHART), chart(title, rows));
  }

  /** A bar chart of top-1 per run, as PNG bytes. */
  public static byte[] chart(String title, List<ResultRow> rows) throws IOException {
    System.setProperty("java.awt.headless", "true");
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(500)
            .title(title)
            .xAxisTitle("run")
            .yAxisTitle("test top-1 (%)")
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.addSeries(
        "top-1",
        rows.stream().map(ResultRow::name).toList(),
        rows.stream().map(r -> Math.round(10_000 * r.top1()) / 100.0).toList());
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png);
    return png.toByteArray();
  }
}
