package io.kflo4j.cli;

import io.kflo4j.datasets.DataInventory;
import io.kflo4j.datasets.DatasetStatus;
import io.kflo4j.datasets.core.CifarVariant;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kflo data verify [cifar10|cifar100 ...] [--data-dir DIR]}. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Re-check data sets file by file (sizes, record counts, labels, official md5s) and record the "
            + "result in their .verified markers. Exit code 1 if a data set is damaged, or named and absent.")
public final class DataVerifyCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "DATASET",
      arity = "0..*",
      converter = DataVariantConverter.class,
      description = "cifar10 and/or cifar100 (default: every data set present)")
  List<CifarVariant> variants;

  @Mixin DataDirOption dataDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    boolean named = variants != null && !variants.isEmpty();
    DataInventory inventory = new DataInventory(dataDir.resolve());
    PrintWriter out = spec.commandLine().getOut();
    out.println("data directory: " + inventory.dataDirectory());
    boolean failed = false;
    for (CifarVariant variant : named ? variants : List.of(CifarVariant.values())) {
      DatasetStatus status = inventory.verify(variant);
      failed |=
          status.state() == DatasetStatus.State.INVALID
              || (named && status.state() == DatasetStatus.State.ABSENT);
      out.print(DataStatusFormat.format(status));
    }
    out.flush();
    return failed ? 1 : 0;
  }
}
