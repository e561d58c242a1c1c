package io.kflo4j.graph;

import io.kflo4j.graph.arch.Network;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.layers.BatchNorm;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.layers.LayerFactory;
import io.kflo4j.graph.reparam.Decay;
import io.kflo4j.graph.reparam.DecayTerm;
import io.kflo4j.graph.reparam.GeneratedKernel;
import io.kflo4j.graph.reparam.PlainParameterization;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.graph.variables.VariableRole;
import io.kflo4j.graph.variables.VariableStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A network built in a graph: its variables, its training and/or inference paths over the same
 * variables, its kernel layers in order and its deployed (collapsed) tensors.
 *
 * <p>The deployed tensors are named exactly like the variables of the same architecture built with
 * the plain parameterization ({@code conv1_kernel}, {@code conv1_bn_gamma}, {@code fc2_bias}, ...):
 * evaluating them gives the weights of the collapsed model.
 */
public final class Model {
  private final ModelSpec spec;
  private final VariableStore store;
  private final LayerFactory factory;
  private final Map<Mode, Operand<TFloat32>> features = new EnumMap<>(Mode.class);
  private final Map<Mode, Operand<TFloat32>> logits = new EnumMap<>(Mode.class);
  private Map<String, Operand<TFloat32>> deployedTensors;
  private Operand<TFloat32> penalty;

  private Model(ModelSpec spec, VariableStore store, LayerFactory factory) {
    this.spec = spec;
    this.store = store;
    this.factory = factory;
  }

  /**
   * Builds {@code spec}'s inference path in a throw-away graph and returns what {@code inspect}
   * reads of it: for summaries, layouts and checks that need the model's structure, not its values
   * (the model and its graph are closed on return and must not escape).
   */
  public static <T> T inspect(ModelSpec spec, Function<Model, T> inspect) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      Placeholder<TFloat32> images =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
      return inspect.apply(build(tf, images, spec, EnumSet.of(Mode.INFERENCE), 0L));
    }
  }

  /**
   * Builds the model on {@code images} (normalized NHWC float, [N, 32, 32, 3]).
   *
   * @param modes the paths to build; the inference path alone adds no update ops
   * @param seed seeds the graph's random ops (dropout); initial weights take their seed in {@link
   *     #initialize}
   */
  public static Model build(
      Ops tf, Operand<TFloat32> images, ModelSpec spec, Set<Mode> modes, long seed) {
    if (modes.isEmpty()) {
      throw new IllegalArgumentException("build at least one mode");
    }
    VariableStore store = new VariableStore(tf);
    LayerFactory factory = new LayerFactory(tf, store, spec.parameterization(), seed);
    Network network = spec.architecture().create(factory, spec.numClasses());
    checkFits(spec, factory.kernelLayers());
    Model model = new Model(spec, store, factory);
    for (Mode mode : modes) {
      Operand<TFloat32> penultimate = network.features().apply(images, mode);
      model.features.put(mode, penultimate);
      model.logits.put(mode, network.classifier().apply(penultimate, mode));
    }
    model.deployedTensors = model.buildDeployedTensors();
    Operand<TFloat32> penalty = tf.constant(0f);
    for (Operand<TFloat32> term : factory.penalties()) {
      penalty = tf.math.add(penalty, term);
    }
    model.penalty = penalty;
    return model;
  }

  /**
   * Refuses a parameterization that left every kernel layer plain (such as {@code repeat:5} where 5
   * divides no layer's input channels): the run would be a plain network under another name.
   */
  private static void checkFits(ModelSpec spec, List<KernelLayer> layers) {
    if (spec.parameterization() instanceof PlainParameterization
        || layers.stream().anyMatch(layer -> !layer.generated().isPlain())) {
      return;
    }
    throw new IllegalArgumentException(
        "reparam "
            + spec.parameterization().spec()
            + " fits no kernel layer of "
            + spec.architecture().spec()
            + " (layers "
            + layers.stream()
                .map(layer -> layer.name() + " " + layer.shape().inChannels() + " in")
                .collect(java.util.stream.Collectors.joining(", "))
            + "): every layer would train plain; choose a parameterization that fits");
  }

  /** What was built. */
  public ModelSpec spec() {
    return spec;
  }

  /** Logits [N, classes] of a built path. */
  public Operand<TFloat32> logits(Mode mode) {
    return path(logits, mode);
  }

  /** Penultimate features [N, features] of a built path: the classifier's input. */
  public Operand<TFloat32> features(Mode mode) {
    return path(features, mode);
  }

  private Operand<TFloat32> path(Map<Mode, Operand<TFloat32>> paths, Mode mode) {
    Operand<TFloat32> operand = paths.get(mode);
    if (operand == null) {
      throw new IllegalStateException("the " + mode + " path of " + spec + " was not built");
    }
    return operand;
  }

  /** The parameterization's own loss terms summed (0 for most), to add to the training loss. */
  public Operand<TFloat32> penalty() {
    return penalty;
  }

  /** Moving-statistics updates to run with every training step. */
  public List<Op> batchNormUpdates() {
    return factory.batchNormUpdates();
  }

  /** The variable store: names, shapes, roles, assign and read. */
  public VariableStore variables() {
    return store;
  }

  /** Variables that gradients update, in creation order. */
  public List<ModelVariable> trainableVariables() {
    return store.all().stream().filter(ModelVariable::trainable).toList();
  }

  /** Conv and dense layers in creation order (the classifier last). */
  public List<KernelLayer> kernelLayers() {
    return factory.kernelLayers();
  }

  /** Batch norms in creation order. */
  public List<BatchNorm> batchNorms() {
    return factory.batchNorms();
  }

  /**
   * Every tensor weight decay may apply to, with its decay class: the layers' terms (kernels, their
   * factors and generated forms, biases, owned batch norms), the parameterization's shared terms
   * once, and the architecture's batch-norm scales and offsets (vanilla).
   */
  public List<DecayTerm> decayTerms() {
    List<DecayTerm> terms = new ArrayList<>();
    for (KernelLayer layer : kernelLayers()) {
      terms.addAll(layer.generated().decayTerms());
    }
    terms.addAll(factory.sharedDecayTerms());
    for (BatchNorm batchNorm : batchNorms()) {
      for (ModelVariable variable : batchNorm.variables()) {
        if (variable.trainable()) {
          terms.add(new DecayTerm(variable.name(), variable.variable(), Decay.VANILLA));
        }
      }
    }
    return terms;
  }

  /**
   * Deployed tensors keyed by the plain architecture's variable names, in the plain model's
   * creation order. A deployed bias on a layer whose plain form has none (ACNet's folded branch
   * batch norms) is absorbed into the batch norm that follows the layer: {@code BN(x + b)} with
   * moving mean {@code m} is {@code BN(x)} with mean {@code m - b}.
   *
   * @throws IllegalStateException if such a bias has no batch norm to go to
   */
  public Map<String, Operand<TFloat32>> deployedTensors() {
    return deployedTensors;
  }

  private Map<String, Operand<TFloat32>> buildDeployedTensors() {
    Map<String, Operand<TFloat32>> tensors = new LinkedHashMap<>();
    Map<String, Operand<TFloat32>> absorbedBiases = new LinkedHashMap<>();
    for (KernelLayer layer : kernelLayers()) {
      GeneratedKernel generated = layer.generated();
      tensors.put(PlainParameterization.kernelName(layer.name()), generated.kernel());
      if (generated.bias().isEmpty()) {
        continue;
      }
      if (layer.shape().hasBias()) {
        tensors.put(PlainParameterization.biasName(layer.name()), generated.bias().get());
      } else {
        BatchNorm next =
            layer
                .batchNorm()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "layer '"
                                + layer.name()
                                + "' of "
                                + spec
                                + " has a deployed bias but neither a bias nor a batch norm after it to hold it"));
        absorbedBiases.put(next.name(), generated.bias().get());
      }
    }
    for (BatchNorm batchNorm : batchNorms()) {
      for (ModelVariable variable : batchNorm.variables()) {
        Operand<TFloat32> value = variable.variable();
        if (variable.role() == VariableRole.BN_MOVING_MEAN
            && absorbedBiases.containsKey(batchNorm.name())) {
          value =
              factory
                  .tf()
                  .withName(variable.name() + "_deployed")
                  .math
                  .sub(value, absorbedBiases.get(batchNorm.name()));
        }
        tensors.put(variable.name(), value);
      }
    }
    return Collections.unmodifiableMap(tensors);
  }

  /** Deployed shapes keyed like {@link #deployedTensors()} (their static shapes). */
  public Map<String, long[]> deployedShapes() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    deployedTensors().forEach((name, tensor) -> shapes.put(name, tensor.shape().asArray()));
    return shapes;
  }

  /** Evaluates the deployed (collapsed) tensors: the weights of the equivalent plain model. */
  public Map<String, float[]> deployedValues(Session session) {
    return TensorValues.fetch(session, deployedTensors());
  }

  /** Sets every variable to its initial values from {@code seed}. */
  public void initialize(Session session, long seed) {
    store.initialize(session, seed);
  }

  /** Scalars in all variables (moving statistics included): the train-time size. */
  public long trainParameterCount() {
    return store.all().stream().mapToLong(ModelVariable::size).sum();
  }

  /** Scalars in the deployed tensors: the size of the equivalent plain model. */
  public long deployedParameterCount() {
    long count = 0;
    for (long[] shape : deployedShapes().values()) {
      count += io.kflo4j.graph.variables.Shapes.size(shape);
    }
    return count;
  }

  /**
   * Forward FLOPs per image of the deployed model's conv and dense layers (2 per multiply-add, plus
   * biases).
   */
  public long forwardFlops() {
    return kernelLayers().stream().mapToLong(KernelLayer::forwardFlops).sum();
  }
}
