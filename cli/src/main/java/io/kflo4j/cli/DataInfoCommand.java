package io.kflo4j.cli;

import io.kflo4j.datasets.DataInventory;
import io.kflo4j.datasets.DatasetStatus;
import io.kflo4j.datasets.core.CifarVariant;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kflo data info [--verify] [--data-dir DIR]}. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description =
        "Show which data sets the data directory holds, whether they are verified, and images per class. "
            + "Fast: reads the verification marker of each data set; --verify re-checks every file.")
public final class DataInfoCommand implements Callable<Integer> {
  @Option(names = "--verify", description = "re-check every file against the official md5s first")
  boolean verify;

  @Mixin DataDirOption dataDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    DataInventory inventory = new DataInventory(dataDir.resolve());
    PrintWriter out = spec.commandLine().getOut();
    out.println("data directory: " + inventory.dataDirectory());
    boolean invalid = false;
    for (CifarVariant variant : CifarVariant.values()) {
      DatasetStatus status = verify ? inventory.verify(variant) : inventory.status(variant);
      invalid |= status.state() == DatasetStatus.State.INVALID;
      out.print(DataStatusFormat.format(status));
    }
    out.flush();
    return invalid ? 1 : 0;
  }
}
