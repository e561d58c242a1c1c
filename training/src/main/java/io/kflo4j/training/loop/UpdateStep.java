package io.kflo4j.training.loop;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.training.decay.LearningRateMultipliers;
import io.kflo4j.training.optimizer.MomentumOptimizer;
import io.kflo4j.training.optimizer.WeightAverage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One training step over a list of variables: gradients of the loss, SGD momentum at each
 * variable's rate (times its role's multiplier), the batch-norm updates, then the EMA.
 *
 * @param op the step
 * @param variables the variables it updates
 * @param gradients their gradients, in the same order
 */
record UpdateStep(Op op, List<ModelVariable> variables, Output<?>[] gradients) {

  /**
   * Builds the step of {@code variables}, each at the rate {@code rateOf} gives it (before its
   * role's multiplier).
   */
  static UpdateStep build(
      Graph graph,
      Ops tf,
      TrainingObjective objective,
      Model model,
      MomentumOptimizer optimizer,
      Optional<WeightAverage> average,
      List<ModelVariable> variables,
      Function<ModelVariable, Operand<TFloat32>> rateOf) {
    Output<?>[] gradients =
        graph.addGradients(
            objective.loss().asOutput(),
            variables.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new));
    // Every update waits for every gradient: a variable read aliases the variable's buffer, so an
    // early update would leak into gradients still being computed (and make steps depend on the op
    // schedule).
    List<Op> gradientOps = new ArrayList<>();
    for (Output<?> gradient : gradients) {
      gradientOps.add(tf.identity(typed(gradient)));
    }
    gradientOps.add(tf.identity(objective.loss()));
    gradientOps.add(tf.identity(objective.correct()));
    gradientOps.addAll(model.batchNormUpdates());
    Ops afterGradients = tf.withControlDependencies(gradientOps);
    List<Op> updates = new ArrayList<>(model.batchNormUpdates());
    Map<String, Operand<TFloat32>> rates = new HashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      ModelVariable variable = variables.get(i);
      Operand<TFloat32> groupRate = rateOf.apply(variable);
      double multiplier = LearningRateMultipliers.of(variable.role());
      Operand<TFloat32> rate =
          multiplier == 1.0
              ? groupRate
              : rates.computeIfAbsent(
                  groupRate.op().name(),
                  name -> tf.math.mul(groupRate, tf.constant((float) multiplier)));
      updates.add(optimizer.apply(afterGradients, variable, typed(gradients[i]), rate));
    }
    Op step = tf.withControlDependencies(updates).noOp();
    if (average.isPresent()) {
      step = average.get().update(step);
    }
    return new UpdateStep(step, variables, gradients);
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> typed(Output<?> gradient) {
    return (Output<TFloat32>) gradient;
  }
}
