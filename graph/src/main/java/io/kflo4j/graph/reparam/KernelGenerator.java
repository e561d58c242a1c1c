package io.kflo4j.graph.reparam;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A parameterization at work on one model build: started once per build by {@link
 * KernelParameterization#start}, it creates every kernel layer's variables and computation, and may
 * hold model-level variables shared by several layers.
 */
public interface KernelGenerator {

  /** Creates one layer's variables and computation. */
  GeneratedKernel create(KernelShape shape);

  /**
   * Decay terms of model-level variables (shared by several layers), listed once per model whatever
   * the number of layers using them; named by the rule of docs/VARIABLES.md ({@code
   * <parameterization>_shared_<suffix>}).
   */
  default List<DecayTerm> sharedDecayTerms() {
    return List.of();
  }

  /**
   * Loss terms of the parameterization's own (such as an orthogonality penalty on a shared basis),
   * scalars added to the training loss as they are; created during the build, listed once per
   * model.
   */
  default List<Operand<TFloat32>> penalties() {
    return List.of();
  }
}
