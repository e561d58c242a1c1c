package io.kflo4j.common.progress;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Progress as plain log lines, for runs without a terminal (CI, {@code nohup}, redirected output):
 * at most one INFO line every interval (default 10 s) while a task runs, plus one when it finishes.
 * Nothing is printed to stdout; lines go to Log4j2 (logger {@code
 * io.kflo4j.common.progress.LogProgress}) or to an injected sink.
 *
 * <p>Line while running: {@code epoch 3/150: 12800/50000 images (25.6%), 1534.2 images/s, ETA 0:24,
 * loss=1.234}. Line at the end: {@code epoch 3/150: done 50000/50000 images in 0:33, 1534.2
 * images/s, loss=1.234}. Rates are units done since {@link #start} over the time since {@link
 * #start}.
 */
public final class LogProgress implements ProgressReporter {

  /** The default time between two lines. */
  public static final Duration INTERVAL_DEFAULT = Duration.ofSeconds(10);

  private static final Logger LOG = LogManager.getLogger(LogProgress.class);

  private final long intervalNanos;
  private final Consumer<String> sink;
  private final LongSupplier nanoTime;

  private boolean running;
  private String task;
  private long total;
  private String unit;
  private long done;
  private long startNanos;
  private long lastLineNanos;
  private Map<String, String> extras = Map.of();

  /** Logs to Log4j2 at INFO every {@link #INTERVAL_DEFAULT}. */
  public LogProgress() {
    this(INTERVAL_DEFAULT);
  }

  /**
   * Logs to Log4j2 at INFO every {@code interval}.
   *
   * @param interval the minimum time between two lines while a task runs, {@code > 0}
   */
  public LogProgress(Duration interval) {
    this(interval, LOG::info, System::nanoTime);
  }

  /**
   * Sends lines to {@code sink}, timed by {@code nanoTime} (for tests and for routing lines
   * elsewhere).
   *
   * @param interval the minimum time between two lines while a task runs, {@code > 0}
   * @param sink receives each line
   * @param nanoTime a monotonic clock in nanoseconds, like {@link System#nanoTime}
   */
  public LogProgress(Duration interval, Consumer<String> sink, LongSupplier nanoTime) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be > 0, got " + interval);
    }
    this.intervalNanos = interval.toNanos();
    this.sink = sink;
    this.nanoTime = nanoTime;
  }

  @Override
  public void start(String task, long totalUnits, String unitName) {
    ProgressText.checkStart(task, totalUnits, unitName);
    if (running) {
      throw new IllegalStateException("start('" + task + "') while '" + this.task + "' is running");
    }
    this.running = true;
    this.task = task;
    this.total = totalUnits;
    this.unit = unitName;
    this.done = 0;
    this.extras = Map.of();
    this.startNanos = nanoTime.getAsLong();
    this.lastLineNanos = startNanos;
  }

  @Override
  public void step(long units, Map<String, String> extras) {
    this.extras = new LinkedHashMap<>(extras);
    step(units);
  }

  @Override
  public void step(long units) {
    ProgressText.checkUnits(units);
    if (!running) {
      throw new IllegalStateException("step() without a running task: call start() first");
    }
    done += units;
    long now = nanoTime.getAsLong();
    if (now - lastLineNanos >= intervalNanos) {
      lastLineNanos = now;
      sink.accept(progressLine(now));
    }
  }

  @Override
  public void finish() {
    if (!running) {
      return;
    }
    running = false;
    long now = nanoTime.getAsLong();
    double seconds = (now - startNanos) / 1e9;
    StringBuilder line = new StringBuilder(task).append(": done ").append(done);
    if (total != UNKNOWN_TOTAL) {
      line.append('/').append(total);
    }
    line.append(' ')
        .append(unit)
        .append(" in ")
        .append(ProgressText.duration(seconds))
        .append(", ")
        .append(rateText(seconds));
    appendExtras(line);
    sink.accept(line.toString());
  }

  private String progressLine(long now) {
    double seconds = (now - startNanos) / 1e9;
    StringBuilder line = new StringBuilder(task).append(": ").append(done);
    if (total != UNKNOWN_TOTAL) {
      line.append('/').append(total).append(' ').append(unit);
      if (total > 0) {
        line.append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * done / total));
      }
    } else {
      line.append(' ').append(unit);
    }
    line.append(", ").append(rateText(seconds));
    if (total != UNKNOWN_TOTAL) {
      double rate = seconds > 0 ? done / seconds : 0;
      double eta = rate > 0 ? Math.max(0, total - done) / rate : Double.NaN;
      line.append(", ETA ").append(ProgressText.duration(eta));
    }
    appendExtras(line);
    return line.toString();
  }

  private String rateText(double seconds) {
    return (seconds > 0 ? ProgressText.rate(done / seconds) : "?") + " " + unit + "/s";
  }

  private void appendExtras(StringBuilder line) {
    if (!extras.isEmpty()) {
      line.append(", ").append(ProgressText.extras(extras, ", "));
    }
  }
}
