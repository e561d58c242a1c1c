package io.kflo4j.training.metrics;

import io.kflo4j.common.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The per-epoch metrics of a run, kept in {@code metrics.csv}: a header line, then one row per
 * finished epoch with strictly increasing epochs.
 *
 * <p>Crash safety: every {@link #append} rewrites the whole (small) file to a temporary file and
 * renames it over {@code metrics.csv} ({@link AtomicFiles#write}), so the file always ends with a
 * complete row. Numbers are written with {@link Double#toString} and read back exactly.
 *
 * <p>Resume: a trainer appends an epoch's row <em>before</em> it saves that epoch's checkpoint;
 * after a crash the file may then hold rows past the checkpoint's epoch, which {@link #resume}
 * drops, so the resumed run rewrites them. Not thread-safe: one trainer owns the log.
 */
public final class MetricsLog {

  /** The CSV header; column names are stable (scripts read them). */
  public static final String HEADER =
      "epoch,train_loss,train_accuracy,test_top1,test_top5,learning_rate,"
          + "images_per_second,epoch_seconds,step_seconds,total_seconds";

  private static final Logger LOG = LogManager.getLogger(MetricsLog.class);
  private static final int COLUMNS = HEADER.split(",").length;

  private final Path csv;
  private final List<EpochMetrics> rows;

  private MetricsLog(Path csv, List<EpochMetrics> rows) {
    this.csv = csv;
    this.rows = new ArrayList<>(rows);
  }

  /**
   * Starts the log of a new run: writes a header-only {@code csv}.
   *
   * @param csv the file, which must not exist
   * @return the empty log
   * @throws FileAlreadyExistsException if {@code csv} exists (resume the run instead)
   * @throws IOException if writing fails
   */
  public static MetricsLog create(Path csv) throws IOException {
    if (Files.exists(csv)) {
      throw new FileAlreadyExistsException(
          csv.toString(), null, "metrics of an earlier run; resume it instead");
    }
    MetricsLog log = new MetricsLog(csv, List.of());
    log.flush();
    return log;
  }

  /**
   * Reopens the log of a resumed run whose checkpoint holds {@code lastEpoch} finished epochs:
   * reads the rows, drops those with {@code epoch > lastEpoch} and rewrites the file atomically. A
   * missing file starts an empty log.
   *
   * @param csv the file
   * @param lastEpoch the last epoch the resumed state has finished, {@code >= 0}
   * @return the log holding the kept rows
   * @throws IOException if the file cannot be read or written, or is malformed
   */
  public static MetricsLog resume(Path csv, int lastEpoch) throws IOException {
    if (lastEpoch < 0) {
      throw new IllegalArgumentException("lastEpoch must be >= 0, got " + lastEpoch);
    }
    List<EpochMetrics> kept = new ArrayList<>();
    if (Files.exists(csv)) {
      for (EpochMetrics row : read(csv)) {
        if (row.epoch() <= lastEpoch) {
          kept.add(row);
        }
      }
    }
    int lastKept = kept.isEmpty() ? 0 : kept.get(kept.size() - 1).epoch();
    if (lastKept < lastEpoch) {
      LOG.warn(
          "{} has rows up to epoch {} but the run resumes after epoch {}; epochs {}..{} have no metrics",
          csv,
          lastKept,
          lastEpoch,
          lastKept + 1,
          lastEpoch);
    }
    MetricsLog log = new MetricsLog(csv, kept);
    log.flush();
    return log;
  }

  /**
   * Appends one epoch's row and rewrites the file atomically.
   *
   * @param metrics the row; its epoch must be greater than the last row's
   * @throws IllegalArgumentException if the epoch does not increase
   * @throws IOException if writing fails; the file then still holds the previous rows
   */
  public void append(EpochMetrics metrics) throws IOException {
    int last = lastEpoch();
    if (metrics.epoch() <= last) {
      throw new IllegalArgumentException(
          "epoch must be greater than the last logged epoch " + last + ", got " + metrics.epoch());
    }
    rows.add(metrics);
    try {
      flush();
    } catch (IOException | RuntimeException e) {
      rows.remove(rows.size() - 1);
      throw e;
    }
  }

  /** The rows logged so far, oldest first (an unmodifiable copy). */
  public List<EpochMetrics> rows() {
    return Collections.unmodifiableList(new ArrayList<>(rows));
  }

  /** The last logged epoch, 0 if none. */
  public int lastEpoch() {
    return rows.isEmpty() ? 0 : rows.get(rows.size() - 1).epoch();
  }

  /** The CSV file. */
  public Path path() {
    return csv;
  }

  /**
   * Reads all rows of a {@code metrics.csv}.
   *
   * @param csv the file
   * @return the rows, oldest first
   * @throws IOException if the file cannot be read, or its header, a row or the epoch order is
   *     malformed (the message names the file and line)
   */
  public static List<EpochMetrics> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).trim().equals(HEADER)) {
      throw new IOException(csv + " line 1: expected the header '" + HEADER + "'");
    }
    List<EpochMetrics> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      EpochMetrics row = parseRow(csv, i + 1, line);
      if (!rows.isEmpty() && row.epoch() <= rows.get(rows.size() - 1).epoch()) {
        throw new IOException(
            csv + " line " + (i + 1) + ": epoch " + row.epoch() + " does not increase");
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Formats rows as the file's text, header included.
   *
   * @param rows the rows
   * @return the CSV text, each line ending with '\n'
   */
  public static String format(List<EpochMetrics> rows) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (EpochMetrics m : rows) {
      sb.append(m.epoch())
          .append(',')
          .append(m.trainLoss())
          .append(',')
          .append(m.trainAccuracy())
          .append(',')
          .append(m.testTop1())
          .append(',')
          .append(m.testTop5())
          .append(',')
          .append(m.learningRate())
          .append(',')
          .append(m.imagesPerSecond())
          .append(',')
          .append(m.epochSeconds())
          .append(',')
          .append(m.stepSeconds())
          .append(',')
          .append(m.totalSeconds())
          .append('\n');
    }
    return sb.toString();
  }

  private void flush() throws IOException {
    AtomicFiles.writeString(csv, format(rows));
  }

  private static EpochMetrics parseRow(Path csv, int lineNumber, String line) throws IOException {
    String[] f = line.split(",", -1);
    if (f.length != COLUMNS) {
      throw new IOException(
          csv + " line " + lineNumber + ": expected " + COLUMNS + " fields, found " + f.length);
    }
    try {
      return new EpochMetrics(
          Integer.parseInt(f[0].trim()),
          Double.parseDouble(f[1]),
          Double.parseDouble(f[2]),
          Double.parseDouble(f[3]),
          Double.parseDouble(f[4]),
          Double.parseDouble(f[5]),
          Double.parseDouble(f[6]),
          Double.parseDouble(f[7]),
          Double.parseDouble(f[8]),
          Double.parseDouble(f[9]));
    } catch (IllegalArgumentException e) {
      throw new IOException(csv + " line " + lineNumber + ": " + e.getMessage(), e);
    }
  }
}
