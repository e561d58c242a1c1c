package io.kflo4j.cli;

import io.kflo4j.savedmodels.trust.ModelTrust;
import picocli.CommandLine.Option;

/**
 * The {@code --trust-model} option of the commands that run an exported model's graph (a picocli
 * mixin).
 */
final class TrustOption {
  /** The option's name, which error messages suggest. */
  static final String NAME = "--trust-model";

  @Option(
      names = NAME,
      description =
          "run the model even if its graph holds more than kflo4j's plain inference "
              + "graph (a main or init op, other op types, functions; for ONNX: other op types or domains, external data,"
              + " subgraphs). A SavedModel then runs its own code, which can read and write your files; an ONNX model can"
              + " read other files: only for models you trust. Without it such a model is refused before anything runs.")
  boolean trusted;

  /** The trust the option grants. */
  ModelTrust trust() {
    return trusted ? ModelTrust.TRUSTED : ModelTrust.CHECKED;
  }
}
