package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.VariableRole;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A tensor that weight decay may apply to, tagged with its role; the trainer picks the coefficient from the role.
 *
 * @param name the variable name, or for a generated tensor the deployed name ({@code conv1_kernel})
 * @param value the tensor (a variable read or a generated kernel)
 * @param role its role
 */
public record DecayTerm(String name, Operand<TFloat32> value, VariableRole role) {}
