package io.kflo4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Reports a command line that does not parse (an unknown option, a value of the wrong type, a
 * missing option) as one line naming the option and what was expected, plus picocli's suggestions
 * for a mistyped option, and exit code 2; not the whole usage text, which {@code --help} shows.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println(
        "kflo: error: "
            + e.getMessage()
            + " (see: "
            + commandLine.getCommandSpec().qualifiedName()
            + " --help)");
    CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
    err.flush();
    return commandLine.getCommandSpec().exitCodeOnInvalidInput();
  }
}
