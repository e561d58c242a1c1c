package io.kflo4j.experiments.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Whether this machine is quiet enough for a side-by-side comparison with another framework: the
 * 1-minute load average at most {@value #MAX_LOAD_AVERAGE} and no other process taking more than
 * {@value #MAX_CORE_SHARE} of a core. PyTorch's and TensorFlow's thread pools slow down
 * several-fold when the cores are shared, so a comparison taken beside other work is no yardstick.
 * Reads Linux's {@code /proc}: {@code loadavg} and each process's {@code stat}.
 */
public final class QuietMachine {
  /** The highest 1-minute load average of a quiet machine. */
  public static final double MAX_LOAD_AVERAGE = 0.5;

  /** The largest share of one core another process may take on a quiet machine. */
  public static final double MAX_CORE_SHARE = 0.5;

  /** Linux's clock ticks per second of {@code /proc/PID/stat} (USER_HZ, 100 on every x86 build). */
  static final double TICKS_PER_SECOND = 100;

  private final Path proc;
  private final Supplier<Set<Long>> own;

  /**
   * A check reading {@code proc} (normally {@code /proc}), leaving out the processes that {@code
   * own} names at each snapshot (the benchmark's own: itself, its children, its launcher's other
   * children).
   */
  public QuietMachine(Path proc, Supplier<Set<Long>> own) {
    this.proc = proc;
    this.own = own;
  }

  /**
   * The check of this machine's {@code /proc}, leaving out this JVM, its children and, when the
   * {@code kflo} script launched it, the script and what it started beside it (the log filter).
   */
  public static QuietMachine forThisProcess() {
    return new QuietMachine(Path.of("/proc"), QuietMachine::ownProcesses);
  }

  private static Set<Long> ownProcesses() {
    Set<Long> own = new HashSet<>();
    ProcessHandle self = ProcessHandle.current();
    own.add(self.pid());
    self.descendants().forEach(child -> own.add(child.pid()));
    self.parent()
        .filter(parent -> parent.info().commandLine().orElse("").contains("kflo"))
        .ifPresent(
            parent -> {
              own.add(parent.pid());
              parent.descendants().forEach(sibling -> own.add(sibling.pid()));
            });
    return own;
  }

  /** CPU time of one process so far. */
  record ProcessTime(long pid, String command, long ticks) {}

  /** What other processes had used by one moment, and when. */
  public record Snapshot(long nanos, Map<Long, ProcessTime> processes) {}

  /** What other processes have used so far. */
  public Snapshot snapshot() {
    return new Snapshot(System.nanoTime(), processTimes());
  }

  /**
   * Waits until the machine is quiet and returns the snapshot a comparison starts from, or says in
   * one sentence why it is not: another process busy over a second's sampling refuses at once; a
   * load average above {@value #MAX_LOAD_AVERAGE} with no other process busy (the load of work that
   * just ended, or of this JVM's own start) is waited out for up to {@code patience}, polling every
   * {@code poll}, with one line to {@code waiting} when the wait starts.
   */
  public Snapshot awaitQuiet(Duration patience, Duration poll, Consumer<String> waiting) {
    long deadline = System.nanoTime() + patience.toNanos();
    Snapshot before = snapshot();
    boolean told = false;
    while (true) {
      sleep(poll);
      Snapshot now = snapshot();
      Optional<String> busy = busyOthers(before, now);
      Optional<String> why = verdict(loadAverage(), busy);
      if (why.isEmpty()) {
        return now;
      }
      if (busy.isPresent() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the machine is not quiet ("
                + why.get()
                + "): a comparison with PyTorch or Keras beside other work is no yardstick;"
                + " pause that work and run again");
      }
      if (!told) {
        waiting.accept(
            why.get()
                + " with no other process busy: waiting up to "
                + patience.toSeconds()
                + " s for it to fall");
        told = true;
      }
      before = now;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * The other processes that took more than {@value #MAX_CORE_SHARE} of a core on average between
   * two snapshots, busiest first, in one sentence; empty if none did.
   */
  public static Optional<String> busyOthers(Snapshot before, Snapshot after) {
    double seconds = Math.max(1e-3, (after.nanos() - before.nanos()) / 1e9);
    String busy =
        after.processes().values().stream()
            .map(
                now -> {
                  ProcessTime then = before.processes().get(now.pid());
                  long used = now.ticks() - (then == null ? 0 : then.ticks());
                  return Map.entry(now, used / TICKS_PER_SECOND / seconds);
                })
            .filter(entry -> entry.getValue() > MAX_CORE_SHARE)
            .sorted(Comparator.comparingDouble(entry -> -entry.getValue()))
            .map(
                entry ->
                    String.format(
                        "pid %d (%s) took %.2f of a core",
                        entry.getKey().pid(), entry.getKey().command(), entry.getValue()))
            .collect(Collectors.joining(", "));
    return busy.isEmpty() ? Optional.empty() : Optional.of(busy);
  }

  /**
   * Why the machine is not quiet, in one sentence, or empty if it is: the load average and the
   * other processes found busy ({@link #busyOthers}).
   */
  static Optional<String> verdict(double loadAverage, Optional<String> busy) {
    if (loadAverage <= MAX_LOAD_AVERAGE && busy.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder why = new StringBuilder();
    if (loadAverage > MAX_LOAD_AVERAGE) {
      why.append(String.format("load average %.2f > %.1f", loadAverage, MAX_LOAD_AVERAGE));
    }
    busy.ifPresent(process -> why.append(why.isEmpty() ? "" : "; ").append(process));
    return Optional.of(why.toString());
  }

  /** The 1-minute load average. */
  double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(proc.resolve("loadavg")).trim().split("\\s+")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the load average from " + proc, e);
    }
  }

  /** CPU ticks (user + system) of every process but this check's own. */
  Map<Long, ProcessTime> processTimes() {
    Set<Long> skipped = own.get();
    Map<Long, ProcessTime> times = new HashMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path entry : entries) {
        long pid = Long.parseLong(entry.getFileName().toString());
        if (!skipped.contains(pid)) {
          readStat(pid, entry.resolve("stat")).ifPresent(time -> times.put(pid, time));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the processes in " + proc, e);
    }
    return times;
  }

  /**
   * One process's {@code stat} line: {@code pid (command) state ppid ...}, with user and system
   * ticks the 14th and 15th fields; the command may hold spaces and parentheses.
   */
  static Optional<ProcessTime> readStat(long pid, Path stat) {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException e) {
      return Optional.empty(); // the process has ended
    }
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    String[] fields = line.substring(close + 1).trim().split("\\s+");
    if (fields.length < 13) {
      return Optional.empty();
    }
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    return Optional.of(new ProcessTime(pid, line.substring(open + 1, close), ticks));
  }
}
