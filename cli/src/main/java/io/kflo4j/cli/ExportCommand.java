package io.kflo4j.cli;

import io.kflo4j.savedmodels.ExportFormat;
import io.kflo4j.savedmodels.ExportReport;
import io.kflo4j.transfer.run.RunExport;
import io.kflo4j.transfer.run.RunExports;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kflo export}: a training run as a verified SavedModel of the plain architecture, ONNX
 * model or both.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Export a training run (any parameterization) as a SavedModel of the plain architecture, as ONNX"
          + " (--format onnx), or both: every kernel collapsed, batch norm in inference mode, nothing else (see"
          + " docs/EXPORT.md).",
      "The export is verified before it is put in place: its variables are exactly the plain architecture's, and "
          + "its logits equal the trained network's (max |difference| <= 1e-4, identical classes) on the test set "
          + "(synthetic images when the data set is not installed). A failed export leaves nothing behind."
    })
final class ExportCommand implements Callable<Integer> {
  @Option(
      names = "--run",
      required = true,
      paramLabel = "RUNDIR",
      description = "the training run directory")
  Path run;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "the directory to create (the SavedModel, or the one holding model.onnx)")
  Path out;

  @Option(
      names = "--fold-bn",
      description =
          "fold each conv's batch norm into its kernel and a bias; other batch "
              + "norms become per-channel affine maps")
  boolean foldBatchNorm;

  @Option(names = "--force", description = "replace --out if it exists")
  boolean force;

  @Option(
      names = "--format",
      defaultValue = "savedmodel",
      paramLabel = "FORMAT",
      converter = ExportFormatConverter.class,
      description =
          "savedmodel (default), onnx (DIR/model.onnx alone: opset 17, run by ONNX Runtime and"
              + " verified like the SavedModel) or both (DIR/model.onnx inside the SavedModel)")
  ExportFormat format;

  @Mixin VerificationOptions verification;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ExportReport report =
        RunExports.export(
            RunExport.of(run, this.out)
                .withFormat(format)
                .withFoldBatchNorm(foldBatchNorm)
                .withForce(force)
                .withDataDir(Optional.ofNullable(verification.dataDirectory()))
                .withVerificationImages(verification.images));
    out.print(report.format());
    out.flush();
    return 0;
  }
}
