package io.kflo4j.training.loop;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.optimizer.MomentumOptimizer;
import io.kflo4j.training.optimizer.WeightAverage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Everything a training graph is built of, built once: the inputs, the model on them, the
 * objective, the optimizer and EMA slots, the parameter groups, the full step and (for a head
 * phase) the head-only step, and the ops that start the slots, copy the EMA into the model and pass
 * batch-norm statistics. {@link TrainingGraph} runs them in its session.
 */
record TrainingOps(
    Placeholder<TFloat32> images,
    Placeholder<TInt32> labels,
    Placeholder<TFloat32> learningRate,
    Operand<TFloat32> backboneMultiplier,
    Model model,
    TrainingObjective objective,
    MomentumOptimizer optimizer,
    Optional<WeightAverage> average,
    ParameterGroups groups,
    CascadeScales cascadeScales,
    UpdateStep fullStep,
    Optional<UpdateStep> headStep,
    Op initOptimizerState,
    Optional<Op> emaToModel,
    Op batchNormPass) {

  /**
   * Builds the training ops of {@code spec} in {@code graph}.
   *
   * @param fineTuning the recipe (head phase, frozen layers), or empty
   * @param teachers the distillation's teachers (none without distillation)
   */
  static TrainingOps build(
      Graph graph,
      Ops tf,
      ModelSpec spec,
      OptimizerSettings settings,
      Optional<FineTuning> fineTuning,
      List<Teacher> teachers,
      long seed) {
    Placeholder<TFloat32> images =
        tf.withName("images")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
    Placeholder<TInt32> labels =
        tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Placeholder<TFloat32> learningRate =
        tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    Model model = Model.build(tf, images, spec, EnumSet.allOf(Mode.class), seed);
    TrainingObjective objective =
        new TrainingObjective(tf, images, labels, model, settings, teachers, seed);
    MomentumOptimizer optimizer =
        new MomentumOptimizer(
            tf, model.trainableVariables(), settings.momentum(), settings.nesterov());
    Optional<WeightAverage> average =
        settings.ema().isPresent()
            ? Optional.of(
                WeightAverage.create(tf, model.variables().all(), settings.ema().getAsDouble()))
            : Optional.empty();
    List<Op> slotInits = new ArrayList<>(List.of(optimizer.reset()));
    average.ifPresent(a -> slotInits.addAll(a.start()));

    ParameterGroups groups =
        ParameterGroups.of(model, fineTuning.map(FineTuning::frozenLayers).orElse(0));
    CascadeScales cascadeScales = new CascadeScales(tf, model);
    Operand<TFloat32> backboneMultiplier =
        tf.withName("backbone_lr_multiplier")
            .placeholderWithDefault(tf.constant(1f), Shape.scalar());
    Operand<TFloat32> backboneRate = tf.math.mul(learningRate, backboneMultiplier);
    UpdateStep fullStep =
        UpdateStep.build(
            graph,
            tf,
            objective,
            model,
            optimizer,
            average,
            groups.trainedAfterHeadPhase(),
            variable ->
                cascadeScales.scaled(
                    tf, variable, groups.isHead(variable) ? learningRate : backboneRate));
    Optional<UpdateStep> headStep =
        fineTuning
            .filter(f -> f.headEpochs() > 0)
            .map(
                f ->
                    UpdateStep.build(
                        graph,
                        tf,
                        objective,
                        model,
                        optimizer,
                        average,
                        groups.head(),
                        variable -> cascadeScales.scaled(tf, variable, learningRate)));
    return new TrainingOps(
        images,
        labels,
        learningRate,
        backboneMultiplier,
        model,
        objective,
        optimizer,
        average,
        groups,
        cascadeScales,
        fullStep,
        headStep,
        tf.withControlDependencies(slotInits).noOp(),
        average.map(WeightAverage::copyIntoModel),
        tf.withControlDependencies(model.batchNormUpdates()).noOp());
  }
}
