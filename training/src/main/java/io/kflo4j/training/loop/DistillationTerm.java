package io.kflo4j.training.loop;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.training.config.Distillation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The teachers' inference paths in the training graph (each under its own name scope, {@code
 * teacher_<k>/}) and the distillation term {@code T^2 KL(p_t || p_s^T)}, averaged over the batch,
 * with {@code p_t} the mean of the teachers' probabilities at temperature T. The teachers see the
 * student's augmented batch; their path is cut from the gradient.
 */
final class DistillationTerm {
  private final List<Model> models = new ArrayList<>();
  private final List<Teacher> teachers;
  private final Operand<TFloat32> value;

  DistillationTerm(
      Ops tf,
      Operand<TFloat32> images,
      Operand<TFloat32> studentLogits,
      List<Teacher> teachers,
      Distillation settings,
      long seed) {
    this.teachers = List.copyOf(teachers);
    Operand<TFloat32> temperature = tf.constant((float) settings.temperature());
    Operand<TFloat32> sum = null;
    for (int k = 0; k < teachers.size(); k++) {
      Teacher teacher = teachers.get(k);
      Model model =
          Model.build(
              tf.withSubScope("teacher_" + k),
              images,
              teacher.spec(),
              EnumSet.of(Mode.INFERENCE),
              seed);
      checkValues(teacher, model);
      models.add(model);
      Operand<TFloat32> probabilities =
          tf.nn.softmax(tf.math.div(model.logits(Mode.INFERENCE), temperature));
      sum = sum == null ? probabilities : tf.math.add(sum, probabilities);
    }
    Operand<TFloat32> target =
        tf.stopGradient(tf.math.div(sum, tf.constant((float) teachers.size())));
    Operand<TFloat32> logStudent = tf.nn.logSoftmax(tf.math.div(studentLogits, temperature));
    Operand<TFloat32> perImage =
        tf.reduceSum(
            tf.math.sub(tf.math.xlogy(target, target), tf.math.mul(target, logStudent)),
            tf.constant(1));
    float t2 = (float) (settings.temperature() * settings.temperature());
    value =
        tf.withName("distillation_loss")
            .math
            .mul(tf.math.mean(perImage, tf.constant(0)), tf.constant(t2));
  }

  /** {@code T^2} times the batch mean of the KL divergence: the term's value. */
  Operand<TFloat32> value() {
    return value;
  }

  /** The teachers' inference logits, in their order. */
  List<Operand<TFloat32>> teacherLogits() {
    return models.stream().map(m -> m.logits(Mode.INFERENCE)).toList();
  }

  /** Sets every teacher's variables to its values. */
  void assignTeachers(Session session) {
    for (int k = 0; k < models.size(); k++) {
      Teacher teacher = teachers.get(k);
      Model model = models.get(k);
      Map<String, float[]> values = new LinkedHashMap<>();
      model.variables().all().forEach(v -> values.put(v.name(), teacher.values().get(v.name())));
      try {
        model.variables().assign(session, values);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("teacher " + teacher.name() + ": " + e.getMessage(), e);
      }
    }
  }

  /** Refuses a teacher whose values do not name exactly its model's variables. */
  private static void checkValues(Teacher teacher, Model model) {
    Set<String> expected = new HashSet<>();
    model.variables().all().forEach(v -> expected.add(v.name()));
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(teacher.values().keySet());
    if (!missing.isEmpty()) {
      List<String> sorted = missing.stream().sorted().toList();
      boolean folded = sorted.stream().anyMatch(n -> n.contains("_bn_"));
      throw new IllegalArgumentException(
          "teacher "
              + teacher.name()
              + " lacks "
              + sorted.size()
              + " variable(s) of a plain "
              + teacher.spec().architecture().spec()
              + " with "
              + teacher.spec().numClasses()
              + " classes ("
              + String.join(", ", sorted.subList(0, Math.min(3, sorted.size())))
              + (sorted.size() > 3 ? ", ..." : "")
              + ")"
              + (folded
                  ? ": its batch norms are folded into its kernels; distill from an export made"
                      + " without --fold-bn"
                  : ""));
    }
  }
}
