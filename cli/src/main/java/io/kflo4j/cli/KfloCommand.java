package io.kflo4j.cli;

import io.kflo4j.graph.reparam.Parameterizations;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kflo} command: a thin picocli front over the kflo4j modules. Each subcommand lives in
 * its own class and only parses options, calls a module and prints the result.
 */
@Command(
    name = "kflo",
    mixinStandardHelpOptions = true,
    version = "kflo4j 0.1.0",
    description =
        "Train image classifiers with collapsible KFLO layers and transfer several pretrained models into one.",
    subcommands = {
      CommandLine.HelpCommand.class,
      QuickstartCommand.class,
      DataCommand.class,
      BenchCommand.class,
      ModelCommand.class,
      TrainCommand.class,
      TransferCommand.class,
      ExportCommand.class,
      VerifyCommand.class,
      EvalCommand.class,
      PredictCommand.class,
      GridCommand.class,
    })
public final class KfloCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * The system property that carries the registry's parameterization forms into help texts, as
   * {@code ${sys:kflo.parameterizations}}: picocli interpolates it when the help is rendered.
   */
  static final String PARAMETERIZATIONS_PROPERTY = "kflo.parameterizations";

  /** Entry point of {@code ./kflo}. */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine newCommandLine() {
    System.setProperty(PARAMETERIZATIONS_PROPERTY, String.join("; ", Parameterizations.usages()));
    CommandLine commandLine = new CommandLine(new KfloCommand());
    commandLine.setExecutionExceptionHandler(new UserErrorHandler());
    commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    return commandLine;
  }
}
