package io.kflo4j.training.config;

import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.arch.Architectures;
import io.kflo4j.graph.reparam.Parameterizations;

/**
 * What network a run trains: an architecture and the parameterization of its kernels, both specs
 * resolved by the graph module.
 *
 * @param arch the architecture, e.g. "cifar-quick", "vgg16", "wrn-16-8"
 * @param reparam the kernel parameterization, e.g. "plain", "kflo:2x4"
 */
public record ModelSettings(String arch, String reparam) {

  /** Checks that both specs are given and parse, naming each bad one. */
  public ModelSettings {
    Problems problems = new Problems().require("arch", arch).require("reparam", reparam);
    if (arch != null && !arch.isBlank()) {
      problems.attempt(() -> Architectures.parse(arch));
    }
    if (reparam != null && !reparam.isBlank()) {
      problems.attempt(() -> Parameterizations.parse(reparam));
    }
    problems.throwIfAny();
  }

  /** The network to build: this architecture and parameterization for {@code numClasses}. */
  public ModelSpec spec(int numClasses) {
    return ModelSpec.of(arch, numClasses, reparam);
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder().arch(arch).reparam(reparam);
  }

  /** The mutable form (also the JSON form). */
  public static final class Builder {
    private String arch;
    private String reparam;

    /** Sets the architecture spec (required). */
    public Builder arch(String arch) {
      this.arch = arch;
      return this;
    }

    /** Sets the parameterization spec (required). */
    public Builder reparam(String reparam) {
      this.reparam = reparam;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming every bad field
     */
    public ModelSettings build() {
      return new ModelSettings(arch, reparam);
    }
  }
}
