package io.kflo4j.cli;

import io.kflo4j.savedmodels.VerificationImages;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of commands that compare an export with its run: how many test images, and where the
 * data is.
 */
final class VerificationOptions {
  @Option(
      names = "--verify-images",
      paramLabel = "N",
      defaultValue = "" + VerificationImages.DEFAULT_COUNT,
      description =
          "test images to compare on, at least 512; 0 for the whole test set (default: ${DEFAULT-VALUE})")
  int images;

  @Mixin DataDirOption dataDir;

  /** The data directory: the option, else the environment and default rule. */
  Path dataDirectory() {
    return dataDir.resolve();
  }
}
