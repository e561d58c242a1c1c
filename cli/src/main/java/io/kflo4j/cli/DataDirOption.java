package io.kflo4j.cli;

import io.kflo4j.datasets.DataDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --data-dir} option, shared by every command that reads or writes data sets (a picocli
 * mixin).
 */
public final class DataDirOption {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "data directory (default: $KFLO_DATA_DIR, else $XDG_CACHE_HOME/kflo4j/data, "
              + "else ~/.cache/kflo4j/data)")
  Path dataDir;

  /** The data directory this option and the environment select. */
  public Path resolve() {
    return DataDirectory.resolve(dataDir);
  }
}
