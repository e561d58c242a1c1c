package io.kflo4j.training.loop;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.training.config.Distillation;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.decay.DecayPolicy;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * What a training step minimizes and counts: cross-entropy (or, with distillation, {@code (1 - a)
 * CE + a KD} at a weight fed per step), plus weight decay by class ({@link DecayPolicy}) and the
 * parameterization's own penalty; and the batch's correct predictions in training mode.
 */
final class TrainingObjective {
  private final Operand<TFloat32> loss;
  private final Operand<TInt64> correct;
  private final DistillationTerm distillation;
  private final Operand<TFloat32> distillationWeight;

  /**
   * Builds the objective of {@code model} on {@code labels}.
   *
   * @param teachers the distillation's teachers (none without distillation)
   * @throws IllegalArgumentException when the teachers do not match the settings' distillation
   */
  TrainingObjective(
      Ops tf,
      Operand<TFloat32> images,
      Operand<TInt32> labels,
      Model model,
      OptimizerSettings settings,
      List<Teacher> teachers,
      long seed) {
    checkTeachers(settings, teachers);
    Operand<TFloat32> logits = model.logits(Mode.TRAINING);
    Operand<TFloat32> oneHot =
        tf.oneHot(labels, tf.constant(model.spec().numClasses()), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> crossEntropy =
        tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
    Operand<TFloat32> objective = crossEntropy;
    if (settings.distillation().isPresent()) {
      Distillation settingsOf = settings.distillation().get();
      distillationWeight =
          tf.withName("distillation_weight")
              .placeholderWithDefault(tf.constant((float) settingsOf.weight()), Shape.scalar());
      distillation = new DistillationTerm(tf, images, logits, teachers, settingsOf, seed);
      objective =
          tf.math.add(
              tf.math.mul(crossEntropy, tf.math.sub(tf.constant(1f), distillationWeight)),
              tf.math.mul(distillation.value(), distillationWeight));
    } else {
      distillation = null;
      distillationWeight = null;
    }
    DecayPolicy decay = new DecayPolicy(settings.weightDecay());
    loss =
        tf.withName("loss")
            .math
            .add(tf.math.add(objective, decay.loss(tf, model.decayTerms())), model.penalty());
    correct =
        tf.reduceSum(
            tf.dtypes.cast(
                tf.math.equal(tf.math.argMax(logits, tf.constant(1), TInt32.class), labels),
                TInt64.class),
            tf.constant(0));
  }

  private static void checkTeachers(OptimizerSettings settings, List<Teacher> teachers) {
    int expected = settings.distillation().map(d -> d.teachers().size()).orElse(0);
    boolean fromSources = settings.distillation().map(Distillation::fromSources).orElse(false);
    if (fromSources ? teachers.isEmpty() : teachers.size() != expected) {
      throw new IllegalArgumentException(
          "the run distills from " + expected + " teacher(s), " + teachers.size() + " were loaded");
    }
  }

  /** The loss, decay and penalty included. */
  Operand<TFloat32> loss() {
    return loss;
  }

  /** Correct training-mode predictions in the batch. */
  Operand<TInt64> correct() {
    return correct;
  }

  /** Sets the teachers' variables (after initialization or a restore). */
  void assignTeachers(Session session) {
    if (distillation != null) {
      distillation.assignTeachers(session);
    }
  }

  /** Adds the feed of {@code rates}' distillation weight, if the run distills and it is set. */
  void feedWeight(Map<Operand<TFloat32>, Float> feeds, StepRates rates) {
    if (distillationWeight != null && !Double.isNaN(rates.distillationWeight())) {
      feeds.put(distillationWeight, (float) rates.distillationWeight());
    }
  }
}
