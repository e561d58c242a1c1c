package io.kflo4j.cli;

import io.kflo4j.common.files.OutputDirectories;
import io.kflo4j.common.text.ControlCharacters;
import io.kflo4j.savedmodels.trust.UntrustedModelException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import picocli.CommandLine;

/**
 * Turns an exception thrown by a subcommand into one clear line on stderr and exit code 1; the
 * stack trace goes to the log at DEBUG (set {@code KFLO_LOG_LEVEL=DEBUG} to see it).
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
  private static final Logger LOG = LogManager.getLogger(UserErrorHandler.class);

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (isInternal(e)) {
      // Not a user's mistake: say so, with what a bug report needs.
      commandLine
          .getErr()
          .println(
              "kflo: internal error (a bug in kflo4j, not in what you typed): "
                  + ControlCharacters.oneLine(String.valueOf(e)));
      e.printStackTrace(commandLine.getErr());
      LOG.error("internal error", e);
      return 1;
    }
    String message =
        e instanceof IOException io
            ? OutputDirectories.describe(io)
            : e instanceof UncheckedIOException io
                ? OutputDirectories.describe(io)
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof UntrustedModelException
        && commandLine.getCommandSpec().findOption(TrustOption.NAME) != null) {
      message +=
          " (" + TrustOption.NAME + " runs the model's code anyway: only for models you trust)";
    }
    // One line, whatever names the message carries.
    commandLine.getErr().println("kflo: error: " + ControlCharacters.oneLine(message));
    LOG.debug("command failed", e);
    return 1;
  }

  /**
   * Whether {@code e} is a defect rather than a user error: user errors are kflo4j's own
   * exceptions, I/O errors and the argument and state errors every check throws with its message;
   * anything else (a null pointer, an index out of bounds, a class cast, an error without a
   * message) is a bug.
   */
  static boolean isInternal(Exception e) {
    if (e instanceof IOException
        || e instanceof UncheckedIOException
        || e.getClass().getName().startsWith("io.kflo4j.")) {
      return false;
    }
    boolean checked = e instanceof IllegalArgumentException || e instanceof IllegalStateException;
    return !checked || e.getMessage() == null || e.getMessage().isBlank();
  }
}
