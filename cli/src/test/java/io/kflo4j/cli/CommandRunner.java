package io.kflo4j.cli;

import io.kflo4j.savedmodels.testing.SmallModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  /** {@code kflo train} of one epoch (batches of 8) on an image folder into {@code out}. */
  static List<String> trainOnFolder(Path folder, Path out) {
    return List.of(
        "train",
        "--dataset",
        "folder:" + folder,
        "--epochs",
        "1",
        "--batch",
        "8",
        "--out",
        out.toString());
  }

  /** {@code kflo transfer} from the small test model to a plain network on an image folder. */
  static List<String> transferToFolder(Path folder, Path out) {
    return List.of(
        "transfer",
        "--from",
        SmallModels.shared().toString(),
        "--dataset",
        "folder:" + folder,
        "--reparam",
        "plain",
        "--out",
        out.toString());
  }

  /** {@code args} and then {@code more}, as one argument array. */
  static String[] args(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** Runs {@code kflo} with {@code args} and then {@code more}. */
  static Run run(List<String> args, String... more) {
    return run(args(args, more));
  }

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
