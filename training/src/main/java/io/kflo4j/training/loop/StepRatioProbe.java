package io.kflo4j.training.loop;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.training.decay.LearningRateMultipliers;
import io.kflo4j.training.metrics.LayerStepRatio;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Measures, without changing anything, how far one SGD step (no momentum) would move each layer's
 * deployed kernel W' compared with the plain step a plain kernel gets from the same gradient: the
 * layer's step ratio {@code ||W'(theta - r g) - W'(theta)|| / (r_plain ||dL/dW'||)}, where every
 * trained variable moves at its own rate (bias factor, backbone multiple, cascade factor). A plain
 * kernel's ratio is exactly 1; a KFLO kernel's is about {@code ||G + W1 W1^T G|| / ||G||} (docs:
 * TRANSFER.md).
 *
 * <p>The virtual steps are computed by assigning the stepped values, evaluating the kernels and
 * assigning the exact previous values back; the momentum slots, the batch-norm statistics and the
 * EMA are never touched.
 */
final class StepRatioProbe {
  private final Session session;
  private final Model model;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final List<ModelVariable> trained;
  private final Output<?>[] variableGradients;
  private final List<KernelLayer> layers;
  private final Output<?>[] kernelGradients;
  private final Map<String, Operand<TFloat32>> kernels = new LinkedHashMap<>();
  private final ParameterGroups groups;
  private final CascadeScales cascadeScales;

  StepRatioProbe(Graph graph, Session session, TrainingOps ops) {
    this.session = session;
    this.model = ops.model();
    this.images = ops.images();
    this.labels = ops.labels();
    this.trained = ops.fullStep().variables();
    this.variableGradients = ops.fullStep().gradients();
    this.groups = ops.groups();
    this.cascadeScales = ops.cascadeScales();
    Operand<TFloat32> loss = ops.objective().loss();
    java.util.Set<String> trainedNames = new java.util.HashSet<>();
    trained.forEach(v -> trainedNames.add(v.name()));
    Set<String> onLossPath = ancestors(graph, loss.op().name());
    this.layers =
        model.kernelLayers().stream()
            .filter(
                layer ->
                    layer.generated().variables().stream()
                        .anyMatch(v -> trainedNames.contains(v.name())))
            .filter(layer -> onLossPath.contains(layer.generated().kernel().op().name()))
            .toList();
    for (KernelLayer layer : layers) {
      kernels.put(layer.name(), layer.generated().kernel());
    }
    this.kernelGradients =
        kernels.isEmpty()
            ? new Output<?>[0]
            : graph.addGradients(
                "step_ratio_probe",
                new Output<?>[] {loss.asOutput()},
                kernels.values().stream().map(Operand::asOutput).toArray(Output<?>[]::new),
                null);
  }

  /**
   * The names of the ops {@code op} is computed from. A layer whose training path does not apply
   * its deployed kernel (ACNet with per-branch batch norms trains each branch's conv) has no {@code
   * dL/dW'}, so no step ratio: it is left out.
   */
  private static Set<String> ancestors(Graph graph, String op) {
    Map<String, List<String>> inputs = new HashMap<>();
    for (NodeDef node : graph.toGraphDef().getNodeList()) {
      inputs.put(node.getName(), node.getInputList());
    }
    Set<String> seen = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(op));
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (seen.add(name)) {
        for (String input : inputs.getOrDefault(name, List.of())) {
          String producer = input.startsWith("^") ? input.substring(1) : input;
          int colon = producer.indexOf(':');
          pending.push(colon < 0 ? producer : producer.substring(0, colon));
        }
      }
    }
    return seen;
  }

  /** The layers measured: those whose variables the full step trains, in the model's order. */
  List<String> layers() {
    return layers.stream().map(KernelLayer::name).toList();
  }

  /** The current deployed kernels of the measured layers, by layer name. */
  Map<String, float[]> kernels() {
    return TensorValues.fetch(session, kernels);
  }

  /** The gradients of the loss for a batch, by trained variable name, without a step. */
  Map<String, float[]> gradients(float[] batchImages, int[] batchLabels, int count) {
    Map<String, float[]> values = new LinkedHashMap<>();
    try (TFloat32 x = ImageTensors.images(batchImages, count);
        TInt32 y = ImageTensors.labels(batchLabels, count)) {
      Session.Runner runner = session.runner().feed(images, x).feed(labels, y);
      for (Output<?> gradient : variableGradients) {
        runner.fetch(gradient);
      }
      try (Result result = runner.run()) {
        for (int i = 0; i < trained.size(); i++) {
          values.put(trained.get(i).name(), TensorValues.copy((TFloat32) result.get(i)));
        }
      }
    }
    return values;
  }

  /**
   * The step ratios of a full step at {@code rates} on one batch, per measured layer: as the step
   * would train (cascade factors applied), at the reference (every cascade factor 1), and of the
   * cascade kernels alone at the reference.
   */
  List<LayerStepRatio> measure(float[] batchImages, int[] batchLabels, int count, StepRates rates) {
    Map<String, float[]> gradients = new LinkedHashMap<>();
    Map<String, float[]> kernelGradient = new LinkedHashMap<>();
    Map<String, float[]> before = new LinkedHashMap<>();
    try (TFloat32 x = ImageTensors.images(batchImages, count);
        TInt32 y = ImageTensors.labels(batchLabels, count)) {
      Session.Runner runner = session.runner().feed(images, x).feed(labels, y);
      for (Output<?> gradient : variableGradients) {
        runner.fetch(gradient);
      }
      for (Output<?> gradient : kernelGradients) {
        runner.fetch(gradient);
      }
      kernels.values().forEach(runner::fetch);
      try (Result result = runner.run()) {
        int index = 0;
        for (ModelVariable variable : trained) {
          gradients.put(variable.name(), TensorValues.copy((TFloat32) result.get(index++)));
        }
        for (KernelLayer layer : layers) {
          kernelGradient.put(layer.name(), TensorValues.copy((TFloat32) result.get(index++)));
        }
        for (KernelLayer layer : layers) {
          before.put(layer.name(), TensorValues.copy((TFloat32) result.get(index++)));
        }
      }
    }
    Map<String, float[]> current =
        model.variables().read(session, trained.stream().map(ModelVariable::name).toList());
    Map<String, float[]> asTrained =
        movedKernels(current, gradients, rates, v -> true, rates.cascade());
    Map<String, float[]> reference = movedKernels(current, gradients, rates, v -> true, Map.of());
    Map<String, float[]> cascadeAlone =
        movedKernels(
            current, gradients, rates, v -> cascadeScales.layerOf(v).isPresent(), Map.of());
    List<LayerStepRatio> ratios = new ArrayList<>();
    for (KernelLayer layer : layers) {
      String name = layer.name();
      double plainRate =
          rates.rate()
              * (groups.isHead(layer.generated().variables().get(0))
                  ? 1
                  : rates.backboneMultiplier());
      double plainStep = plainRate * norm(kernelGradient.get(name));
      float[] w = before.get(name);
      ratios.add(
          new LayerStepRatio(
              name,
              norm(kernelGradient.get(name)),
              norm(w),
              distance(asTrained.get(name), w) / plainStep,
              distance(reference.get(name), w) / plainStep,
              distance(cascadeAlone.get(name), w) / plainStep,
              rates.cascade().getOrDefault(name, 1.0)));
    }
    return ratios;
  }

  /**
   * The kernels after a virtual SGD step of the variables {@code moved} selects, each at its rate
   * (cascade factors from {@code cascade}); the variables are put back exactly afterwards.
   */
  private Map<String, float[]> movedKernels(
      Map<String, float[]> current,
      Map<String, float[]> gradients,
      StepRates rates,
      Predicate<ModelVariable> moved,
      Map<String, Double> cascade) {
    Map<String, float[]> stepped = new LinkedHashMap<>();
    for (ModelVariable variable : trained) {
      if (!moved.test(variable)) {
        continue;
      }
      double rate =
          rates.rate()
              * (groups.isHead(variable) ? 1 : rates.backboneMultiplier())
              * LearningRateMultipliers.of(variable.role())
              * cascadeScales.layerOf(variable).map(l -> cascade.getOrDefault(l, 1.0)).orElse(1.0);
      float[] value = current.get(variable.name());
      float[] gradient = gradients.get(variable.name());
      float[] next = new float[value.length];
      for (int i = 0; i < next.length; i++) {
        next[i] = (float) (value[i] - rate * gradient[i]);
      }
      stepped.put(variable.name(), next);
    }
    model.variables().assign(session, stepped);
    try {
      return kernels();
    } finally {
      Map<String, float[]> restore = new LinkedHashMap<>();
      stepped.keySet().forEach(name -> restore.put(name, current.get(name)));
      model.variables().assign(session, restore);
    }
  }

  private static double norm(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += (double) v * v;
    }
    return Math.sqrt(sum);
  }

  private static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double d = (double) a[i] - b[i];
      sum += d * d;
    }
    return Math.sqrt(sum);
  }
}
