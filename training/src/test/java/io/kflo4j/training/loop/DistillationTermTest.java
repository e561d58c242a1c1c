package io.kflo4j.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.training.config.Distillation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The distillation term against its formula, computed from the teachers' own logits. */
class DistillationTermTest {
  private static final int BATCH = 5;
  private static final int CLASSES = 10;

  /** The plain cifar-quick values of seed {@code seed}, batch norms moved off their start. */
  private static Map<String, float[]> teacherValues(long seed) {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
      Model model =
          Model.build(
              tf,
              images,
              ModelSpec.of("cifar-quick", CLASSES, "plain"),
              EnumSet.of(Mode.INFERENCE),
              seed);
      model.initialize(session, seed);
      Map<String, float[]> values = new LinkedHashMap<>(model.variables().readAll(session));
      Random random = new Random(seed);
      values.replaceAll(
          (name, v) -> {
            if (name.endsWith("_moving_variance")) {
              float[] changed = v.clone();
              for (int i = 0; i < changed.length; i++) {
                changed[i] = 0.5f + random.nextFloat();
              }
              return changed;
            }
            return v;
          });
      return values;
    }
  }

  @Test
  void theTermIsTSquaredTimesTheKlFromTheTeachersMeanSoftenedProbabilities() {
    double temperature = 3;
    List<Teacher> teachers =
        List.of(
            new Teacher("t1", ModelSpec.of("cifar-quick", CLASSES, "plain"), teacherValues(1)),
            new Teacher("t2", ModelSpec.of("cifar-quick", CLASSES, "plain"), teacherValues(2)));
    float[] images = TestImages.random(BATCH, 7);
    float[] student = new float[BATCH * CLASSES];
    Random random = new Random(3);
    for (int i = 0; i < student.length; i++) {
      student[i] = (float) (2 * random.nextGaussian());
    }
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
      Placeholder<TFloat32> logits =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, CLASSES)));
      DistillationTerm term =
          new DistillationTerm(
              tf,
              x,
              logits,
              teachers,
              new Distillation(List.of(Path.of("t")), 0.5, temperature),
              1);
      term.assignTeachers(session);
      List<float[]> teacherLogits = new ArrayList<>();
      double value;
      try (TFloat32 xs =
              TFloat32.tensorOf(Shape.of(BATCH, 32, 32, 3), DataBuffers.of(images, true, false));
          TFloat32 ls =
              TFloat32.tensorOf(Shape.of(BATCH, CLASSES), DataBuffers.of(student, true, false))) {
        Session.Runner runner = session.runner().feed(x, xs).feed(logits, ls).fetch(term.value());
        term.teacherLogits().forEach(runner::fetch);
        try (Result result = runner.run()) {
          value = ((TFloat32) result.get(0)).getFloat();
          for (int k = 0; k < teachers.size(); k++) {
            teacherLogits.add(TensorValues.copy((TFloat32) result.get(1 + k)));
          }
        }
      }
      double expected = 0;
      for (int n = 0; n < BATCH; n++) {
        double[] target = new double[CLASSES];
        for (float[] z : teacherLogits) {
          double[] p = softmax(z, n, temperature);
          for (int c = 0; c < CLASSES; c++) {
            target[c] += p[c] / teacherLogits.size();
          }
        }
        double[] q = softmax(student, n, temperature);
        for (int c = 0; c < CLASSES; c++) {
          expected += target[c] * (Math.log(target[c]) - Math.log(q[c]));
        }
      }
      expected = temperature * temperature * expected / BATCH;
      assertTrue(expected > 0.01, "the test needs distinct distributions, KL " + expected);
      assertEquals(expected, value, 1e-5 * Math.max(1, expected));
      // The teachers' values are what they were given: two different teachers, two different
      // predictions.
      assertTrue(Math.abs(teacherLogits.get(0)[0] - teacherLogits.get(1)[0]) > 1e-4);
    }
  }

  /**
   * The weight goes linearly from its first to its final value over the run; fed 0, a step's loss
   * is the loss of the same graph without distillation.
   */
  @Test
  void theWeightIsFedPerStepAndAtZeroTheLossIsTheUndistilledOne() {
    Distillation annealed = new Distillation(List.of(Path.of("t")), false, 0.8, 4, 0.0);
    assertEquals(0.8, annealed.weightAt(0, 11), 1e-12);
    assertEquals(0.4, annealed.weightAt(5, 11), 1e-12);
    assertEquals(0.0, annealed.weightAt(10, 11), 1e-12);
    assertEquals(0.5, new Distillation(List.of(Path.of("t")), 0.5, 4).weightAt(7, 11), 1e-12);
    ModelSpec spec = ModelSpec.of("cifar-quick", CLASSES, "plain");
    List<Teacher> teachers = List.of(new Teacher("t1", spec, teacherValues(1)));
    float[] images = TestImages.random(BATCH, 7);
    int[] labels = {0, 1, 2, 3, 4};
    io.kflo4j.training.config.OptimizerSettings distilled =
        new io.kflo4j.training.config.OptimizerSettings.Builder().distillation(annealed).build();
    try (TrainingGraph withTeachers =
            new TrainingGraph(spec, distilled, java.util.Optional.empty(), teachers, 1, 1);
        TrainingGraph without =
            new TrainingGraph(
                spec, io.kflo4j.training.config.OptimizerSettings.reference(), 1, 1)) {
      withTeachers.initialize(3);
      without.initialize(3);
      float undistilled = without.step(images, labels, BATCH, 0.0).loss();
      float atZero =
          withTeachers.step(images, labels, BATCH, new StepRates(0.0, 1, Map.of(), 0.0)).loss();
      float atFirst =
          withTeachers.step(images, labels, BATCH, new StepRates(0.0, 1, Map.of())).loss();
      assertEquals(undistilled, atZero, 1e-6f);
      assertTrue(Math.abs(atFirst - atZero) > 1e-3, atFirst + " vs " + atZero);
    }
  }

  @Test
  void aTeacherWithoutBatchNormsIsRefusedNamingTheFold() {
    Map<String, float[]> folded = new LinkedHashMap<>(teacherValues(1));
    folded.keySet().removeIf(name -> name.contains("_bn_"));
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> x =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
      Placeholder<TFloat32> logits =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, CLASSES)));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  new DistillationTerm(
                      tf,
                      x,
                      logits,
                      List.of(
                          new Teacher(
                              "runs/t1/model",
                              ModelSpec.of("cifar-quick", CLASSES, "plain"),
                              folded)),
                      new Distillation(List.of(Path.of("t")), 0.5, 4),
                      1));
      assertEquals(
          "teacher runs/t1/model lacks 12 variable(s) of a plain cifar-quick with 10 classes"
              + " (conv1_bn_beta, conv1_bn_gamma, conv1_bn_moving_mean, ...): its batch norms are"
              + " folded into its kernels; distill from an export made without --fold-bn",
          e.getMessage());
    }
  }

  private static double[] softmax(float[] logits, int row, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < CLASSES; c++) {
      max = Math.max(max, logits[row * CLASSES + c] / temperature);
    }
    double sum = 0;
    double[] p = new double[CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      p[c] = Math.exp(logits[row * CLASSES + c] / temperature - max);
      sum += p[c];
    }
    for (int c = 0; c < CLASSES; c++) {
      p[c] /= sum;
    }
    return p;
  }
}
