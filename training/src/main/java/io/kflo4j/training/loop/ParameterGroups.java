package io.kflo4j.training.loop;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.variables.ModelVariable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model's trainable variables split for fine-tuning: the head (the classifier, the last kernel
 * layer), the frozen leading kernel layers (their kernel variables and their batch norms' gamma and
 * beta), and the rest of the backbone.
 */
final class ParameterGroups {
  private final List<ModelVariable> head;
  private final List<ModelVariable> trainedAfterHeadPhase;
  private final Set<String> headNames;

  private ParameterGroups(List<ModelVariable> head, List<ModelVariable> trainedAfterHeadPhase) {
    this.head = head;
    this.trainedAfterHeadPhase = trainedAfterHeadPhase;
    this.headNames = Set.copyOf(head.stream().map(ModelVariable::name).toList());
  }

  /**
   * Groups {@code model}'s trainable variables, the first {@code frozenLayers} kernel layers
   * frozen.
   *
   * @throws IllegalArgumentException when the frozen layers would include the classifier
   */
  static ParameterGroups of(Model model, int frozenLayers) {
    List<KernelLayer> layers = model.kernelLayers();
    if (frozenLayers > layers.size() - 1) {
      throw new IllegalArgumentException(
          "frozenLayers "
              + frozenLayers
              + " would freeze the classifier of "
              + model.spec()
              + ": it has "
              + layers.size()
              + " kernel layers, the last being the classifier (freeze at most "
              + (layers.size() - 1)
              + ")");
    }
    Set<String> frozen = new HashSet<>();
    for (KernelLayer layer : layers.subList(0, frozenLayers)) {
      layer.generated().variables().forEach(v -> frozen.add(v.name()));
      layer.batchNorm().ifPresent(bn -> bn.variables().forEach(v -> frozen.add(v.name())));
    }
    KernelLayer classifier = layers.get(layers.size() - 1);
    List<ModelVariable> head = List.copyOf(classifier.generated().variables());
    List<ModelVariable> trained =
        model.trainableVariables().stream().filter(v -> !frozen.contains(v.name())).toList();
    return new ParameterGroups(head, trained);
  }

  /** The classifier's variables. */
  List<ModelVariable> head() {
    return head;
  }

  /** Every trainable variable but the frozen ones, in the model's order. */
  List<ModelVariable> trainedAfterHeadPhase() {
    return trainedAfterHeadPhase;
  }

  /** Whether a variable belongs to the classifier. */
  boolean isHead(ModelVariable variable) {
    return headNames.contains(variable.name());
  }
}
