package io.kflo4j.graph.variables;

import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One variable of a model: its flat, stable name (the contract that checkpoints, export and
 * transfer rely on), its shape, its role and the graph variable.
 *
 * @param name flat name such as {@code conv1_kflo_w1}
 * @param shape static shape
 * @param role what the variable is for; decides weight decay and trainability
 * @param variable the graph variable (a VariableV2 op named {@code name})
 * @param initializer computes its initial values
 */
public record ModelVariable(
    String name,
    long[] shape,
    VariableRole role,
    Variable<TFloat32> variable,
    Initializer initializer) {

  /** Whether gradients update this variable. */
  public boolean trainable() {
    return role.trainable();
  }

  /** Number of scalars in the variable. */
  public int size() {
    return Shapes.size(shape);
  }
}
