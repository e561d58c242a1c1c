package io.kflo4j.training.decay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.reparam.Decay;
import io.kflo4j.graph.reparam.DecayTerm;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.graph.variables.VariableRole;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Each decay term's gradient reaches exactly the variables the rule intends, with the rule's
 * coefficient.
 */
@Tag("slow")
class DecayRoutingTest {
  private final DecayPolicy policy = new DecayPolicy(1e-4);

  @Test
  void gradientCoefficientsAreTheReferencesPerDecayClass() {
    assertEquals(1e-4, policy.gradientCoefficient(Decay.VANILLA));
    assertEquals(2e-4, policy.gradientCoefficient(Decay.DEPLOYED));
    assertEquals(1e-9, policy.gradientCoefficient(Decay.WEAK));
    assertEquals(0, policy.gradientCoefficient(Decay.NONE));
    DecayPolicy none = new DecayPolicy(0);
    for (Decay decay : Decay.values()) {
      assertEquals(0, none.gradientCoefficient(decay), decay.name());
    }
  }

  @Test
  void learningRateIsDoubledExactlyOnWhatTheReferenceNamesBias() {
    for (VariableRole role : VariableRole.values()) {
      boolean bias = role == VariableRole.BIAS || role == VariableRole.BN_BETA;
      assertEquals(bias ? 2.0 : 1.0, LearningRateMultipliers.of(role), role.name());
    }
  }

  @Test
  void baselinesDecayEveryTrainedTensorAtTheVanillaRateAndOnlyItself() {
    for (String reparam : new String[] {"acnet", "doconv"}) {
      Map<String, Set<String>> reached = gradientTargets(reparam);
      reached.forEach(
          (term, variables) -> assertEquals(Set.of(term), variables, reparam + " " + term));
      // acnet: 3 convs x (3 branch kernels + 3 branch batch norms x (gamma, beta)) + 2 dense x
      // (kernel, bias)
      // + 3 x (gamma, beta); doconv: 3 convs x (W, D) + 4 dense tensors + 6
      assertEquals(
          reparam.equals("acnet") ? 3 * (3 + 6) + 4 + 6 : 3 * 2 + 4 + 6, reached.size(), reparam);
    }
  }

  @Test
  void kfloDecayGradientsReachExactlyTheIntendedVariables() {
    Map<String, Set<String>> reached = gradientTargets("kflo:2x4");
    // W' decay reaches its factors W1 and W2; W1 and b1 have no term; cascade decay reaches only
    // its kernel.
    assertEquals(Set.of("conv1_kflo_w1", "conv1_kflo_w2"), reached.get("conv1_kernel"));
    assertEquals(Set.of("conv1_kflo_w2"), reached.get("conv1_kflo_w2"));
    assertEquals(null, reached.get("fc2_bias"));
    assertEquals(Set.of("conv1_bn_gamma"), reached.get("conv1_bn_gamma"));
    assertEquals(null, reached.get("conv1_kflo_w1"));
    assertEquals(null, reached.get("fc2_kflo_b1"));
    // 5 generated kernels, 5 cascades, 3 x (gamma, beta); the generated biases have no decay
    assertEquals(5 + 5 + 6, reached.size());
  }

  @Test
  void plainDecayGradientsReachOnlyTheirOwnVariable() {
    Map<String, Set<String>> reached = gradientTargets("plain");
    reached.forEach((term, variables) -> assertEquals(Set.of(term), variables, term));
    // 5 kernels, 2 biases, 3 x (gamma, beta)
    assertEquals(5 + 2 + 6, reached.size());
  }

  /**
   * For each term with a non-zero coefficient: the trainable variables its decay gradient is
   * non-zero on.
   */
  private Map<String, Set<String>> gradientTargets(String reparam) {
    Map<String, Set<String>> reached = new LinkedHashMap<>();
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
      Model model =
          Model.build(
              tf, images, ModelSpec.of("cifar-quick", 10, reparam), EnumSet.of(Mode.INFERENCE), 1);
      List<ModelVariable> trainables = model.trainableVariables();
      Output<?>[] variables =
          trainables.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new);
      // 0 * sum(v) makes every variable reachable (addGradients refuses unreachable ones) and adds
      // exactly 0.
      Operand<TFloat32> reachAll = tf.constant(0f);
      for (ModelVariable variable : trainables) {
        reachAll =
            tf.math.add(
                reachAll,
                tf.reduceSum(
                    tf.identity(variable.variable()),
                    tf.range(
                        tf.constant(0), tf.constant(variable.shape().length), tf.constant(1))));
      }
      reachAll = tf.math.mul(reachAll, tf.constant(0f));
      List<String> terms = new ArrayList<>();
      List<Output<?>[]> gradients = new ArrayList<>();
      for (DecayTerm term : model.decayTerms()) {
        if (policy.gradientCoefficient(term) > 0) {
          Operand<TFloat32> loss = tf.math.add(reachAll, policy.loss(tf, List.of(term)));
          terms.add(term.name());
          gradients.add(graph.addGradients(loss.asOutput(), variables));
        }
      }
      model.initialize(session, 3);
      // Non-zero values everywhere (beta starts at 0, which would hide its gradient 2*c*beta).
      java.util.Random random = new java.util.Random(5);
      Map<String, float[]> randomValues = new LinkedHashMap<>();
      for (ModelVariable variable : trainables) {
        float[] v = new float[variable.size()];
        for (int i = 0; i < v.length; i++) {
          v[i] = 0.1f + random.nextFloat();
        }
        randomValues.put(variable.name(), v);
      }
      model.variables().assign(session, randomValues);
      for (int t = 0; t < terms.size(); t++) {
        Map<String, Operand<TFloat32>> present = new LinkedHashMap<>();
        for (int v = 0; v < trainables.size(); v++) {
          if (gradients.get(t)[v] != null) {
            @SuppressWarnings("unchecked")
            Operand<TFloat32> gradient = (Operand<TFloat32>) gradients.get(t)[v];
            present.put(trainables.get(v).name(), gradient);
          }
        }
        Set<String> nonZero = new TreeSet<>();
        TensorValues.fetch(session, present)
            .forEach(
                (name, values) -> {
                  for (float value : values) {
                    if (value != 0) {
                      nonZero.add(name);
                      break;
                    }
                  }
                });
        reached.put(terms.get(t), nonZero);
      }
    }
    return reached;
  }
}
