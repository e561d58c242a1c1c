package io.kflo4j.graph.reparam;

import io.kflo4j.graph.core.OwnedBatchNorm;
import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.VariableStore;
import org.tensorflow.op.Ops;

/**
 * What a parameterization may use while one model is built: the ops, the model's variable store
 * (for per-layer and model-level variables) and a maker of batch norms it owns (per-branch batch
 * norms, whose moving-statistics updates run with every training step but which export folds away).
 */
public interface BuildContext {

  /** The ops the model is built with. */
  Ops tf();

  /** The model's variables. */
  VariableStore store();

  /**
   * A batch norm owned by the parameterization: variables {@code <name>_gamma} (from {@code
   * gammaInit}), {@code _beta}, {@code _moving_mean}, {@code _moving_variance}; not one of the
   * architecture's batch norms.
   */
  OwnedBatchNorm ownedBatchNorm(String name, int channels, Initializer gammaInit);
}
