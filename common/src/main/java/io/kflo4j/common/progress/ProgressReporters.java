package io.kflo4j.common.progress;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;

/** Picks a {@link ProgressReporter} for the environment. */
public final class ProgressReporters {

  private ProgressReporters() {}

  /**
   * A {@link TerminalProgress} when the JVM runs on an interactive terminal, else a {@link
   * LogProgress} (CI, redirected output).
   *
   * @return the reporter
   */
  public static ProgressReporter auto() {
    return auto(isInteractive());
  }

  /** A {@link TerminalProgress} on a terminal ({@code interactive}), else a {@link LogProgress}. */
  static ProgressReporter auto(boolean interactive) {
    return interactive ? new TerminalProgress() : new LogProgress();
  }

  /**
   * A reporter that reports nothing (tests, nested tasks).
   *
   * @return the silent reporter
   */
  public static ProgressReporter none() {
    return new ProgressReporter() {
      @Override
      public void start(String task, long totalUnits, String unitName) {}

      @Override
      public void step(long units, Map<String, String> extras) {}

      @Override
      public void step(long units) {}

      @Override
      public void finish() {}
    };
  }

  /**
   * Whether the JVM is attached to an interactive terminal: {@link System#console()} is not null
   * and, on JDKs that have it (22+, where a console may exist without a terminal), {@code
   * Console.isTerminal()} is true.
   *
   * @return true on a terminal
   */
  public static boolean isInteractive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
