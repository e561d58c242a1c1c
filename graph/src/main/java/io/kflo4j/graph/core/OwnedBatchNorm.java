package io.kflo4j.graph.core;

import io.kflo4j.graph.variables.ModelVariable;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A batch norm as a parameterization sees the ones it owns (per-branch batch norms, which export
 * folds away): its variables, in the order gamma, beta, moving mean, moving variance, and its
 * application on either path.
 */
public interface OwnedBatchNorm {
  /** Added to the variance. */
  float EPSILON = 1e-5f;

  /** Gamma, beta, moving mean and moving variance, in this order. */
  List<ModelVariable> variables();

  /** Adds the normalization of {@code input} for {@code mode}'s path and returns its output. */
  Operand<TFloat32> apply(Operand<TFloat32> input, Mode mode);
}
