package io.kflo4j.training.optimizer;

import io.kflo4j.graph.variables.ModelVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * An exponential moving average of a model's variables: one average per variable, named {@link
 * SlotNames#ema}, updated after each step as {@code average = decay * average + (1 - decay) *
 * variable}.
 */
public final class WeightAverage {
  private final Ops tf;
  private final List<ModelVariable> variables;
  private final Map<String, Variable<TFloat32>> averages;
  private final float decay;

  private WeightAverage(
      Ops tf,
      List<ModelVariable> variables,
      Map<String, Variable<TFloat32>> averages,
      double decay) {
    this.tf = tf;
    this.variables = List.copyOf(variables);
    this.averages = averages;
    this.decay = (float) decay;
  }

  /**
   * Creates the averages of {@code variables}.
   *
   * @param decay the decay, in (0, 1)
   */
  public static WeightAverage create(Ops tf, List<ModelVariable> variables, double decay) {
    return new WeightAverage(tf, variables, slots(tf, variables), decay);
  }

  /**
   * Only the average variables, by model variable name (to read them from a checkpoint without the
   * training graph).
   */
  public static Map<String, Variable<TFloat32>> slots(Ops tf, List<ModelVariable> variables) {
    Map<String, Variable<TFloat32>> averages = new LinkedHashMap<>();
    for (ModelVariable variable : variables) {
      averages.put(
          variable.name(),
          tf.withName(SlotNames.ema(variable.name()))
              .variable(Shape.of(variable.shape()), TFloat32.class));
    }
    return averages;
  }

  /** The ops that start every average at its variable's value. */
  public List<Op> start() {
    List<Op> starts = new ArrayList<>();
    for (ModelVariable variable : variables) {
      starts.add(tf.assign(averages.get(variable.name()), tf.identity(variable.variable())));
    }
    return starts;
  }

  /** One op that moves every average towards its variable, run after {@code step}. */
  public Op update(Op step) {
    Ops afterStep = tf.withControlDependencies(List.of(step));
    List<Op> updates = new ArrayList<>();
    for (ModelVariable variable : variables) {
      Variable<TFloat32> average = averages.get(variable.name());
      updates.add(
          tf.assign(
              average,
              afterStep.math.add(
                  tf.math.mul(tf.identity(average), tf.constant(decay)),
                  afterStep.math.mul(
                      afterStep.identity(variable.variable()), tf.constant(1 - decay)))));
    }
    return tf.withControlDependencies(updates).noOp();
  }

  /** One op that copies every average into its model variable. */
  public Op copyIntoModel() {
    List<Op> copies = new ArrayList<>();
    for (ModelVariable variable : variables) {
      copies.add(tf.assign(variable.variable(), tf.identity(averages.get(variable.name()))));
    }
    return tf.withControlDependencies(copies).noOp();
  }
}
