package io.kflo4j.graph;

import io.kflo4j.graph.arch.Architecture;
import io.kflo4j.graph.arch.Architectures;
import io.kflo4j.graph.reparam.KernelParameterization;
import io.kflo4j.graph.reparam.Parameterizations;

/**
 * What to build: an architecture, its class count and the kernel parameterization applied to every
 * conv and dense kernel, the classifier included.
 *
 * @param architecture the architecture
 * @param numClasses outputs of the classifier
 * @param parameterization how kernels are produced
 */
public record ModelSpec(
    Architecture architecture, int numClasses, KernelParameterization parameterization) {

  /** Validates the class count. */
  public ModelSpec {
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "a classifier needs at least 2 classes, got " + numClasses);
    }
  }

  /**
   * Parses the architecture and parameterization specs, e.g. {@code of("cifar-quick", 10,
   * "kflo:2x4")}.
   */
  public static ModelSpec of(String architecture, int numClasses, String parameterization) {
    return new ModelSpec(
        Architectures.parse(architecture), numClasses, Parameterizations.parse(parameterization));
  }

  /** The same architecture and classes with another parameterization (e.g. plain, for export). */
  public ModelSpec withParameterization(KernelParameterization other) {
    return new ModelSpec(architecture, numClasses, other);
  }

  @Override
  public String toString() {
    return architecture.spec() + "/" + parameterization.spec() + "/" + numClasses + " classes";
  }
}
