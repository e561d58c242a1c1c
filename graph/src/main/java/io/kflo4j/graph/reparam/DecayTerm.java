package io.kflo4j.graph.reparam;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A tensor that weight decay may apply to, with its decay class.
 *
 * @param name the variable name, or for a generated tensor the deployed name ({@code conv1_kernel})
 * @param value the tensor (a variable read or a generated kernel)
 * @param decay its decay class
 */
public record DecayTerm(String name, Operand<TFloat32> value, Decay decay) {}
