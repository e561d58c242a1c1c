package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's shape and its error handling. */
class KfloCommandTest {

  private static CommandRunner.Run run(String... args) {
    return CommandRunner.run(args);
  }

  @Test
  void helpListsEverySubcommand() {
    CommandRunner.Run help = run("--help");
    assertEquals(0, help.exitCode());
    for (String command :
        List.of(
            "quickstart",
            "data",
            "model",
            "train",
            "transfer",
            "export",
            "verify",
            "eval",
            "predict",
            "bench")) {
      assertTrue(
          help.out().contains("  " + command + " "), command + " missing from:\n" + help.out());
    }
    CommandRunner.Run bench = run("bench", "--help");
    for (String command : List.of("data", "train", "infer")) {
      assertTrue(
          bench.out().contains("  " + command + " "),
          "bench " + command + " missing from:\n" + bench.out());
    }
  }

  /**
   * The transfer defaults that won issue 22's table: the best source alone, distillation annealed
   * from 0.8 to 0 at temperature 1.
   */
  @Test
  void transferHelpStatesTheMeasuredDefaults() {
    String help = run("transfer", "--help").out().replaceAll("\\s+", " ");
    for (String expected :
        List.of(
            "--stacking=<stacking> how N sources start the network: best ",
            "(default: best)",
            "(default: 0.8:0.0)",
            "softening temperature of the distillation (default: 1.0)")) {
      assertTrue(help.contains(expected), expected + " missing from:\n" + help);
    }
  }

  @Test
  void everySubcommandHasItsOwnHelp() {
    for (List<String> command :
        List.of(
            List.of("quickstart"),
            List.of("train"),
            List.of("transfer"),
            List.of("export"),
            List.of("verify"),
            List.of("eval"),
            List.of("predict"),
            List.of("model", "summary"),
            List.of("data", "fetch"),
            List.of("data", "info"),
            List.of("bench", "train"))) {
      String[] args =
          new java.util.ArrayList<>(command) {
            {
              add("--help");
            }
          }.toArray(String[]::new);
      CommandRunner.Run help = run(args);
      assertEquals(0, help.exitCode(), String.join(" ", command));
      assertTrue(help.out().startsWith("Usage: kflo " + String.join(" ", command)), help.out());
    }
  }

  @Test
  void everyHelpTextFormatsWithoutPicocliWarnings() {
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    System.setErr(new java.io.PrintStream(captured, true));
    int texts = 0;
    try {
      java.util.Deque<CommandLine> pending =
          new java.util.ArrayDeque<>(List.of(KfloCommand.newCommandLine()));
      while (!pending.isEmpty()) {
        CommandLine command = pending.pop();
        assertTrue(command.getUsageMessage().contains("Usage: "), command.getCommandName());
        texts++;
        pending.addAll(command.getSubcommands().values());
      }
    } finally {
      System.setErr(original);
    }
    assertTrue(texts >= 18, "only " + texts + " commands");
    assertEquals("", captured.toString(), "picocli complained while formatting help texts");
  }

  @Test
  void aModuleErrorBecomesOneLineAndExitCodeOne() {
    CommandRunner.Run bad = run("model", "summary", "--arch", "resnet50");
    assertEquals(1, bad.exitCode());
    assertEquals(
        "kflo: error: unknown architecture 'resnet50': expected cifar-quick, vgg16, wrn-D-K "
            + "(D = 6N+4, e.g. wrn-16-8) or diracnet-D-K (the WRN layout without skips, e.g. diracnet-16-2)",
        bad.err().strip());
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() {
    CommandRunner.Run missing = run("train", "--dataset", "cifar10");
    assertEquals(2, missing.exitCode());
    assertEquals(
        "kflo: error: Missing required option: '--out=<out>' (see: kflo train --help)\n",
        missing.err());
  }

  @Test
  void aBadValueIsOneLineWithoutTheUsage() {
    CommandRunner.Run nan = run("train", "--lr", "nan", "--out", "runs/x");
    assertEquals(2, nan.exitCode());
    assertEquals(
        "kflo: error: Invalid value for option '--lr': 'nan' is not a double (see: kflo train --help)\n",
        nan.err());
  }

  @Test
  void modelSummaryPrintsTheTable() {
    CommandRunner.Run summary =
        run("model", "summary", "--arch", "cifar-quick", "--reparam", "plain");
    assertEquals(0, summary.exitCode());
    assertTrue(
        summary
            .out()
            .contains(
                "total parameters (batch norm included): train-time 117,290, deployed "
                    + "117,290 (x1.00)"),
        summary.out());
  }
}
