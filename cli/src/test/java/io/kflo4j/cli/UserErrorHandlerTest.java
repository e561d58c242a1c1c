package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A user's mistake is one line; a defect says it is one, with its stack trace. */
class UserErrorHandlerTest {
  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    Exception toThrow;

    @Override
    public Integer call() throws Exception {
      throw toThrow;
    }
  }

  private static String[] run(Exception e) {
    Failing command = new Failing();
    command.toThrow = e;
    StringWriter err = new StringWriter();
    CommandLine line =
        new CommandLine(command)
            .setErr(new PrintWriter(err, true))
            .setExecutionExceptionHandler(new UserErrorHandler());
    int exit = line.execute();
    return new String[] {Integer.toString(exit), err.toString()};
  }

  @Test
  void aUserErrorIsOneLine() {
    String[] result = run(new IllegalArgumentException("--lr must be > 0, got -1"));
    assertEquals("1", result[0]);
    assertEquals("kflo: error: --lr must be > 0, got -1" + System.lineSeparator(), result[1]);
  }

  @Test
  void aDefectIsReportedAsAnInternalErrorWithItsStackTrace() {
    String[] result = run(new NullPointerException("model is null"));
    assertEquals("1", result[0]);
    String[] lines = result[1].split("\\R");
    assertEquals(
        "kflo: internal error (a bug in kflo4j, not in what you typed):"
            + " java.lang.NullPointerException: model is null",
        lines[0]);
    assertTrue(lines.length > 2, "the stack trace follows");
    assertTrue(lines[2].contains("at io.kflo4j.cli.UserErrorHandlerTest"), lines[2]);
    assertTrue(UserErrorHandler.isInternal(new IllegalStateException()));
    assertTrue(!UserErrorHandler.isInternal(new java.io.IOException("disk full")));
  }
}
