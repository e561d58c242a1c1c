package io.kflo4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Drops the native log lines that {@code TF_CPP_MIN_LOG_LEVEL} does not silence from a byte stream
 * and passes everything else through at once. TensorFlow's MLIR code logs through absl before absl
 * is initialized, so absl writes to stderr whatever the level: {@code WARNING: All log messages
 * before absl::InitializeLog() is called are written to STDERR}, then lines like {@code I0000
 * 00:00:1712.5 7758 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled}.
 * The {@code kflo} launcher pipes the JVM's stderr through this filter ({@code java -cp
 * kflo-cli.jar io.kflo4j.cli.NativeLogFilter}): absl lines below the level are dropped (level 1 and
 * up: INFO and the pre-initialization warning; 2: WARNING too; 3: ERROR too), as TensorFlow drops
 * its own.
 *
 * <p>A line is decided as soon as its start shows it cannot be such a line, and is then written
 * byte by byte, so a progress bar (redrawn after a carriage return, never ending its line) appears
 * as it is drawn. A carriage return ends a line like a newline.
 */
public final class NativeLogFilter {
  private static final String ABSL_WARNING =
      "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR";

  /** absl's line prefix: severity, MMDD, time, thread, file:line]. */
  private static final Pattern ABSL_LINE =
      Pattern.compile("([IWEF])\\d{4} [\\d:]+\\.\\d+ +\\d+ [^ \\]]+:\\d+\\] .*");

  /** What the start of an absl line looks like, as it arrives. */
  private static final Pattern ABSL_START =
      Pattern.compile(
          "[IWEF](\\d{0,4}|\\d{4} [\\d:.]*|\\d{4} [\\d:.]+ +\\d*"
              + "|\\d{4} [\\d:.]+ +\\d+ [^ \\]]*|\\d{4} [\\d:.]+ +\\d+ [^ \\]]+:\\d+\\].*)");

  /** Longer undecided lines are passed through. */
  private static final int MAX_HELD = 4096;

  private final int level;
  private final OutputStream out;
  private final ByteArrayOutputStream held = new ByteArrayOutputStream();
  private boolean passing;

  /**
   * A filter writing to {@code out}.
   *
   * @param level TensorFlow's minimum log level (0 keeps everything)
   */
  NativeLogFilter(int level, OutputStream out) {
    this.level = level;
    this.out = out;
  }

  /**
   * Filters stdin to stdout at the level of {@code $TF_CPP_MIN_LOG_LEVEL}; ignores Ctrl-C, ends at
   * end of input.
   */
  public static void main(String[] args) throws IOException {
    // The JVM whose stderr this is handles Ctrl-C and may still print on its way out: read until it
    // closes.
    sun.misc.Signal.handle(new sun.misc.Signal("INT"), sun.misc.SignalHandler.SIG_IGN);
    new NativeLogFilter(level(System.getenv("TF_CPP_MIN_LOG_LEVEL")), System.out).copy(System.in);
  }

  /** The level of a {@code TF_CPP_MIN_LOG_LEVEL} value; 0 when unset or not a number. */
  static int level(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Filters {@code in} until its end, flushing after every read. */
  void copy(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      for (int i = 0; i < n; i++) {
        accept(buffer[i]);
      }
      out.flush();
    }
    decide(false);
    out.flush();
  }

  private void accept(byte b) throws IOException {
    boolean lineEnd = b == '\n' || b == '\r';
    if (passing) {
      out.write(b);
      passing = !lineEnd;
      return;
    }
    held.write(b);
    if (lineEnd) {
      decide(true);
    } else if (!mayBeDropped(text(held.toByteArray()))) {
      held.writeTo(out);
      held.reset();
      passing = true;
    }
  }

  /** Writes the held bytes unless they are a line to drop. */
  private void decide(boolean complete) throws IOException {
    String line = text(held.toByteArray()).replaceAll("[\r\n]+$", "");
    if (!(complete && dropped(line))) {
      held.writeTo(out);
    }
    held.reset();
  }

  /** Whether a complete line (without its end) is one to drop. */
  boolean dropped(String line) {
    if (line.equals(ABSL_WARNING)) {
      return level >= 1;
    }
    var matcher = ABSL_LINE.matcher(line);
    return matcher.matches() && severity(matcher.group(1).charAt(0)) < level;
  }

  /** Whether the start of a line may still become a line to drop. */
  private boolean mayBeDropped(String start) {
    return level >= 1
        && start.length() <= MAX_HELD
        && (ABSL_WARNING.startsWith(start) || ABSL_START.matcher(start).matches());
  }

  private static int severity(char letter) {
    return switch (letter) {
      case 'I' -> 0;
      case 'W' -> 1;
      case 'E' -> 2;
      default -> 3;
    };
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
