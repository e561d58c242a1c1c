package io.kflo4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs the {@code kflo} command line in-process, capturing what it writes to its out and err
 * writers.
 */
final class CommandRunner {
  /**
   * What a command did.
   *
   * @param exitCode its exit status
   * @param out what it wrote to its out writer
   * @param err what it wrote to its err writer
   */
  record Run(int exitCode, String out, String err) {}

  private CommandRunner() {}

  /** Runs {@code kflo args...}. */
  static Run run(String... args) {
    CommandLine commandLine = KfloCommand.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
