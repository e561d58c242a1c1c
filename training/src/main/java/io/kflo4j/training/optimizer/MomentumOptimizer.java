package io.kflo4j.training.optimizer;

import io.kflo4j.graph.variables.ModelVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/**
 * SGD with momentum over an explicit list of variables (shaped like tensorflow-framework's {@code
 * Momentum}: slots, then one apply op per variable): one accumulator per variable, named {@link
 * SlotNames#momentum}, and {@code ApplyMomentum} at a rate given per variable, so that callers can
 * order the updates after every gradient and give groups their own rates.
 */
public final class MomentumOptimizer {
  private final Ops tf;
  private final float momentum;
  private final boolean nesterov;
  private final Map<String, Variable<TFloat32>> accumulators = new LinkedHashMap<>();
  private final Op reset;

  /**
   * Creates the accumulators of {@code variables}.
   *
   * @param momentum the momentum, in [0, 1)
   * @param nesterov Nesterov momentum instead of classic
   */
  public MomentumOptimizer(
      Ops tf, List<ModelVariable> variables, double momentum, boolean nesterov) {
    this.tf = tf;
    this.momentum = (float) momentum;
    this.nesterov = nesterov;
    List<Op> zeros = new ArrayList<>();
    for (ModelVariable variable : variables) {
      Variable<TFloat32> accumulator =
          tf.withName(SlotNames.momentum(variable.name()))
              .variable(Shape.of(variable.shape()), TFloat32.class);
      accumulators.put(variable.name(), accumulator);
      zeros.add(tf.assign(accumulator, tf.zeros(tf.constant(variable.shape()), TFloat32.class)));
    }
    reset = tf.withControlDependencies(zeros).noOp();
  }

  /**
   * One op that zeroes every accumulator (at the start, and when a new phase restarts momentum).
   */
  public Op reset() {
    return reset;
  }

  /**
   * The update of {@code variable} by {@code gradient} at {@code rate}, built on {@code scope} (for
   * its control dependencies).
   *
   * @throws IllegalArgumentException if {@code variable} has no accumulator here
   */
  public Op apply(
      Ops scope, ModelVariable variable, Operand<TFloat32> gradient, Operand<TFloat32> rate) {
    Variable<TFloat32> accumulator = accumulators.get(variable.name());
    if (accumulator == null) {
      throw new IllegalArgumentException("no momentum accumulator for " + variable.name());
    }
    return scope.train.applyMomentum(
        variable.variable(),
        accumulator,
        rate,
        gradient,
        tf.constant(momentum),
        ApplyMomentum.useNesterov(nesterov));
  }
}
