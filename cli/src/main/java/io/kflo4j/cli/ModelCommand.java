package io.kflo4j.cli;

import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.ModelSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kflo model}: facts about architectures and parameterizations. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Inspect architectures.",
    subcommands = {ModelCommand.Summary.class})
final class ModelCommand {

  /** {@code kflo model summary}. */
  @Command(
      name = "summary",
      mixinStandardHelpOptions = true,
      description =
          "Kernel layers with deployed and train-time shapes, parameter counts and forward FLOPs.")
  static final class Summary implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--arch",
        required = true,
        description = "cifar-quick, vgg16, wrn-D-K (e.g. wrn-16-8) or diracnet-D-K")
    String arch;

    @Option(
        names = "--reparam",
        defaultValue = "kflo:2x4",
        description = "${sys:kflo.parameterizations} (default: ${DEFAULT-VALUE})")
    String reparam;

    @Option(
        names = "--classes",
        defaultValue = "10",
        description = "classifier outputs (default: ${DEFAULT-VALUE})")
    int classes;

    @Override
    public void run() {
      spec.commandLine()
          .getOut()
          .print(ModelSummary.of(ModelSpec.of(arch, classes, reparam)).format());
      spec.commandLine().getOut().flush();
    }
  }
}
