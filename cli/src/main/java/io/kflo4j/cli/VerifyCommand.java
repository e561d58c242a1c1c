package io.kflo4j.cli;

import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.savedmodels.ModelVerifier;
import io.kflo4j.transfer.run.RunExports;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kflo verify}: an exported model against the run it came from. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Verify an exported model against its training run: its graph is kflo4j's plain inference graph "
          + "(only the exporter's op types, no main or init op: checked before anything runs), its variables are "
          + "exactly its form's (plain architecture, or folded), and its logits equal the run's network "
          + "(max |difference| <= 1e-4, identical classes).",
      "Exit status 0 when it passes, 1 otherwise."
    })
final class VerifyCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "the exported SavedModel")
  Path model;

  @Option(
      names = "--run",
      required = true,
      paramLabel = "RUNDIR",
      description = "the training run it came from")
  Path run;

  @Mixin VerificationOptions verification;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelVerifier.Report report =
        RunExports.verify(
            model,
            run,
            verification.dataDirectory(),
            verification.images,
            ProgressReporters.auto());
    out.println("graph: " + report.content().graph());
    out.printf(
        "variables: %d, parameters: %,d, exactly the expected ones%n",
        report.content().variables(), report.content().parameters());
    out.println("logits: " + report.equivalence());
    out.println(report.passed() ? "verification passed" : "verification FAILED");
    out.flush();
    return report.passed() ? 0 : 1;
  }
}
