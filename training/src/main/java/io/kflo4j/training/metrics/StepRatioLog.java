package io.kflo4j.training.metrics;

import io.kflo4j.common.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The step ratios a run measures every N steps ({@code --step-ratio-every N}), in {@code
 * step-ratios.csv}: one row per measured step and layer. Rows are kept in memory and the file is
 * rewritten atomically once per epoch, before the epoch's checkpoint; a resumed run drops the rows
 * of epochs after its checkpoint, as {@link MetricsLog} does.
 */
public final class StepRatioLog {
  /** The file's name in a run directory. */
  public static final String FILE_NAME = "step-ratios.csv";

  /** The CSV header; column names are stable. */
  public static final String HEADER =
      "epoch,step,layer,ratio,reference_ratio,cascade_ratio,cascade_scale,relative_step,"
          + "gradient_norm,kernel_norm";

  /**
   * One row.
   *
   * @param epoch the step's epoch, 1-based
   * @param step the step's iteration in the run, 0-based
   * @param ratio the measured ratios
   * @param relativeStep {@code ||W'_after - W'_before|| / ||W'_before||} of the step actually taken
   *     (momentum included)
   */
  public record Row(int epoch, long step, LayerStepRatio ratio, double relativeStep) {}

  private final Path csv;
  private final List<Row> rows;

  private StepRatioLog(Path csv, List<Row> rows) {
    this.csv = csv;
    this.rows = new ArrayList<>(rows);
  }

  /**
   * The log of a run directory: its earlier rows up to {@code lastEpoch} (a new run: 0) kept, the
   * rest dropped.
   *
   * @throws IOException if an existing file cannot be read or is malformed (named with its line)
   */
  public static StepRatioLog open(Path run, int lastEpoch) throws IOException {
    Path csv = run.resolve(FILE_NAME);
    List<Row> kept = new ArrayList<>();
    if (lastEpoch > 0 && Files.exists(csv)) {
      for (Row row : read(csv)) {
        if (row.epoch() <= lastEpoch) {
          kept.add(row);
        }
      }
    }
    return new StepRatioLog(csv, kept);
  }

  /** Adds the rows of one measured step. */
  public void add(int epoch, long step, List<LayerStepRatio> ratios, Map<String, Double> relative) {
    for (LayerStepRatio ratio : ratios) {
      rows.add(new Row(epoch, step, ratio, relative.getOrDefault(ratio.layer(), Double.NaN)));
    }
  }

  /** Whether any row was measured. */
  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Rewrites the file atomically with every row so far. */
  public void flush() throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Row row : rows) {
      LayerStepRatio r = row.ratio();
      text.append(row.epoch())
          .append(',')
          .append(row.step())
          .append(',')
          .append(r.layer())
          .append(',')
          .append(r.ratio())
          .append(',')
          .append(r.referenceRatio())
          .append(',')
          .append(r.cascadeRatio())
          .append(',')
          .append(r.cascadeScale())
          .append(',')
          .append(row.relativeStep())
          .append(',')
          .append(r.gradientNorm())
          .append(',')
          .append(r.kernelNorm())
          .append('\n');
    }
    AtomicFiles.writeString(csv, text.toString());
  }

  /**
   * Per epoch, the mean over its measured steps of each layer's ratio and relative step, as
   * TensorBoard scalars ({@code step_ratio/<layer>}, {@code relative_step/<layer>}).
   */
  public Map<Integer, Map<String, Double>> epochMeans() {
    Map<Integer, Map<String, double[]>> sums = new LinkedHashMap<>();
    for (Row row : rows) {
      Map<String, double[]> epoch = sums.computeIfAbsent(row.epoch(), e -> new LinkedHashMap<>());
      accumulate(epoch, "step_ratio/" + row.ratio().layer(), row.ratio().ratio());
      accumulate(epoch, "relative_step/" + row.ratio().layer(), row.relativeStep());
    }
    Map<Integer, Map<String, Double>> means = new LinkedHashMap<>();
    sums.forEach(
        (epoch, tags) -> {
          Map<String, Double> values = new LinkedHashMap<>();
          tags.forEach((tag, sum) -> values.put(tag, sum[0] / sum[1]));
          means.put(epoch, values);
        });
    return means;
  }

  private static void accumulate(Map<String, double[]> sums, String tag, double value) {
    if (Double.isFinite(value)) {
      double[] sum = sums.computeIfAbsent(tag, t -> new double[2]);
      sum[0] += value;
      sum[1]++;
    }
  }

  /**
   * Reads a {@code step-ratios.csv}.
   *
   * @throws IOException naming the file and line of a malformed header or row
   */
  public static List<Row> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
      throw new IOException(csv + " line 1: expected the header '" + HEADER + "'");
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != HEADER.split(",").length) {
        throw new IOException(
            csv + " line " + (i + 1) + ": expected " + HEADER.split(",").length + " columns");
      }
      try {
        rows.add(
            new Row(
                Integer.parseInt(f[0]),
                Long.parseLong(f[1]),
                new LayerStepRatio(
                    f[2],
                    Double.parseDouble(f[8]),
                    Double.parseDouble(f[9]),
                    Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]),
                    Double.parseDouble(f[5]),
                    Double.parseDouble(f[6])),
                Double.parseDouble(f[7])));
      } catch (NumberFormatException e) {
        throw new IOException(csv + " line " + (i + 1) + ": not a number: " + e.getMessage());
      }
    }
    return rows;
  }
}
