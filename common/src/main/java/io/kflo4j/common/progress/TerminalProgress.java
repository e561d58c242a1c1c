package io.kflo4j.common.progress;

import java.time.temporal.ChronoUnit;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

/**
 * An interactive progress bar on the terminal (me.tongfei progressbar, drawn on stderr):
 * percentage, done/total, elapsed time, ETA, rate in units per second and the extras (e.g. {@code
 * loss=1.234}) as its message.
 */
public final class TerminalProgress implements ProgressReporter {

  /** How often the bar is redrawn, in milliseconds. */
  public static final int UPDATE_INTERVAL_MILLIS = 500;

  private final ProgressBarConsumer consumer;
  private ProgressBar bar;
  private String task;

  /** A bar drawn on the terminal (stderr). */
  public TerminalProgress() {
    this(null);
  }

  /**
   * A bar drawn into {@code consumer} (for tests, or another output).
   *
   * @param consumer receives the rendered bar; {@code null} for the terminal (stderr)
   */
  public TerminalProgress(ProgressBarConsumer consumer) {
    this.consumer = consumer;
  }

  @Override
  public void start(String task, long totalUnits, String unitName) {
    ProgressText.checkStart(task, totalUnits, unitName);
    if (bar != null) {
      throw new IllegalStateException("start('" + task + "') while '" + this.task + "' is running");
    }
    ProgressBarBuilder builder =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(totalUnits)
            .setUnit(" " + unitName, 1)
            .showSpeed()
            .setSpeedUnit(ChronoUnit.SECONDS)
            .setUpdateIntervalMillis(UPDATE_INTERVAL_MILLIS);
    if (consumer != null) {
      builder.setConsumer(consumer);
    }
    this.task = task;
    this.bar = builder.build();
  }

  @Override
  public void step(long units, Map<String, String> extras) {
    step(units);
    bar.setExtraMessage(" " + ProgressText.extras(extras, " "));
  }

  @Override
  public void step(long units) {
    ProgressText.checkUnits(units);
    if (bar == null) {
      throw new IllegalStateException("step() without a running task: call start() first");
    }
    bar.stepBy(units);
  }

  @Override
  public void finish() {
    if (bar == null) {
      return;
    }
    bar.close();
    bar = null;
  }
}
