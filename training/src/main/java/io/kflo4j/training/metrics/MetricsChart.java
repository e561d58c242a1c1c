package io.kflo4j.training.metrics;

import io.kflo4j.common.files.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders a run's metrics as one PNG ({@code metrics.png}) of three stacked panels over the epochs:
 * the training loss; the training accuracy, test top-1 and test top-5 in percent; the learning rate
 * (at each epoch's last step). {@code NaN} values (not evaluated) are left out of their series.
 *
 * <p>Rendering is headless: loading this class sets {@code java.awt.headless=true} unless the
 * property is already set, so it works on machines without a display.
 */
public final class MetricsChart {

  /** Width of the image in pixels. */
  public static final int WIDTH = 900;

  /** Height of each of the {@link #PANELS} panels in pixels. */
  public static final int PANEL_HEIGHT = 320;

  /** Number of stacked panels. */
  public static final int PANELS = 3;

  /** Height of the image in pixels. */
  public static final int HEIGHT = PANEL_HEIGHT * PANELS;

  private static final int MARKERS_UP_TO_EPOCHS = 40;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private MetricsChart() {}

  /**
   * Renders the chart and writes it atomically (temporary file, then rename).
   *
   * @param rows the epochs, oldest first, at least one
   * @param title the chart's title (e.g. the run name)
   * @param png the file to write
   * @throws IOException if encoding or writing fails; {@code png} is then unchanged
   */
  public static void write(List<EpochMetrics> rows, String title, Path png) throws IOException {
    AtomicFiles.write(png, render(rows, title));
  }

  /**
   * Renders the chart as PNG bytes of {@link #WIDTH} x {@link #HEIGHT} pixels.
   *
   * @param rows the epochs, oldest first, at least one
   * @param title the chart's title
   * @return the PNG file's bytes
   * @throws IOException if encoding fails
   */
  public static byte[] render(List<EpochMetrics> rows, String title) throws IOException {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no epochs to chart");
    }
    boolean markers = rows.size() <= MARKERS_UP_TO_EPOCHS;

    // The x range [0, last epoch + 0.5] keeps XChart off its "equally spaced values" tick layout,
    // whose labels
    // (one per few epochs) run into each other; the normal layout puts ticks on round epochs (0,
    // 20, 40, ...).
    double xMax = rows.get(rows.size() - 1).epoch() + 0.5;

    XYChart loss = panel(title + " - training loss", "loss", xMax);
    addSeries(loss, "train loss", rows, EpochMetrics::trainLoss, 1, markers);

    XYChart accuracy = panel("accuracy", "accuracy (%)", xMax);
    accuracy
        .getStyler()
        .setLegendPosition(Styler.LegendPosition.InsideSE); // curves rise to the top right
    addSeries(accuracy, "train top-1", rows, EpochMetrics::trainAccuracy, 100, markers);
    addSeries(accuracy, "test top-1", rows, EpochMetrics::testTop1, 100, markers);
    addSeries(accuracy, "test top-5", rows, EpochMetrics::testTop5, 100, markers);

    XYChart rate = panel("learning rate (last step of the epoch)", "learning rate", xMax);
    addSeries(rate, "learning rate", rows, EpochMetrics::learningRate, 1, markers);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BitmapEncoder.saveBitmap(
        List.of(loss, accuracy, rate), PANELS, 1, out, BitmapEncoder.BitmapFormat.PNG);
    return out.toByteArray();
  }

  private static XYChart panel(String title, String yTitle, double xMax) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(PANEL_HEIGHT)
            .title(title)
            .xAxisTitle("epoch")
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    chart.getStyler().setXAxisDecimalPattern("#");
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(xMax);
    return chart;
  }

  /**
   * Adds a series of the non-NaN values of {@code value} times {@code scale}; skips it if all are
   * NaN.
   */
  private static void addSeries(
      XYChart chart,
      String name,
      List<EpochMetrics> rows,
      ToDoubleFunction<EpochMetrics> value,
      double scale,
      boolean markers) {
    double[] x = new double[rows.size()];
    double[] y = new double[rows.size()];
    int n = 0;
    for (EpochMetrics m : rows) {
      double v = value.applyAsDouble(m);
      if (Double.isFinite(v)) {
        x[n] = m.epoch();
        y[n] = v * scale;
        n++;
      }
    }
    if (n == 0) {
      return;
    }
    XYSeries series =
        chart.addSeries(name, java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n));
    if (!markers) {
      series.setMarker(SeriesMarkers.NONE);
    }
  }
}
