package io.kflo4j.transfer.init;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.layers.BatchNorm;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.reparam.KernelParameterization;
import io.kflo4j.graph.reparam.PlainParameterization;
import io.kflo4j.graph.reparam.SourceStacking;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.training.loop.WeightInitializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.Session;

/**
 * Initializes a network from N pretrained sources of the same architecture.
 *
 * <p>KFLO target ({@code kflo:BxR}, R >= N): for every kernel layer, W1's output blocks 0..N-1 are
 * the sources' kernels in the order given (and b1's blocks their biases), blocks N..R-1 keep their
 * from-scratch values, the cascade stays identity. Plain target: each kernel is the one source's (a
 * plain target holds exactly one). Batch norm (gamma, beta, moving statistics) comes from the first
 * source. Batch-norm folded sources are refused: in training mode batch statistics would normalize
 * away the scale folded into their kernels. The classifier is new (from scratch) when the classes
 * differ (in number, or by name where both are known), and treated like every other layer when they
 * match.
 *
 * <p>With {@link Stacking#FIRST} the network computes, before any step, what the first source
 * computes (up to a new classifier). With {@link Stacking#AVERAGE} (KFLO targets) the last cascade
 * kernel averages the N blocks, so the generated kernels and biases are the sources' means, and so
 * are the batch norms' vectors; {@link Stacking#ALIGNED} first permutes sources 2..N to match the
 * first (by a {@link UnitAlignment}: weight matching unless given another), then averages; {@link
 * Stacking#FIRST_ALIGNED} permutes them the same way and starts as the first.
 */
public final class TransferInitializer implements WeightInitializer {
  private static final Logger LOG = LogManager.getLogger(TransferInitializer.class);

  private final List<SourceModel> sources;
  private final Stacking stacking;
  private final List<String> targetClasses;
  private final UnitAlignment alignment;

  /** An initializer from {@code sources} (at least one), the network starting as the first. */
  public TransferInitializer(List<SourceModel> sources) {
    this(sources, Stacking.FIRST);
  }

  /** An initializer from {@code sources} (at least one), stacked as {@code stacking} says. */
  public TransferInitializer(List<SourceModel> sources, Stacking stacking) {
    this(sources, stacking, List.of(), UnitAlignment.weights());
  }

  /**
   * An initializer from {@code sources}, stacked as {@code stacking} says, aligned (where the
   * stacking aligns) by {@code alignment}.
   */
  public TransferInitializer(
      List<SourceModel> sources, Stacking stacking, UnitAlignment alignment) {
    this(sources, stacking, List.of(), alignment);
  }

  private TransferInitializer(
      List<SourceModel> sources,
      Stacking stacking,
      List<String> targetClasses,
      UnitAlignment alignment) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("transfer needs at least one source model");
    }
    this.sources = List.copyOf(sources);
    this.stacking = stacking;
    this.targetClasses = List.copyOf(targetClasses);
    this.alignment = alignment;
  }

  /**
   * This initializer for a target whose classes are {@code classNames}: the first source's
   * classifier is reused only when its classes are these, by name and order (a 10-class folder is
   * not CIFAR-10).
   */
  public TransferInitializer withTargetClasses(List<String> classNames) {
    return new TransferInitializer(sources, stacking, classNames, alignment);
  }

  /**
   * Whether the target's classifier starts from the sources' (same classes) rather than from
   * scratch.
   */
  private boolean reusesClassifier(Model model) {
    SourceModel first = sources.get(0);
    return first.numClasses() == model.spec().numClasses()
        && (targetClasses.isEmpty()
            || first.classNames().isEmpty()
            || targetClasses.equals(first.classNames()));
  }

  @Override
  public void initialize(Model model, Session session) {
    Map<String, float[]> current = model.variables().readAll(session);
    Map<String, float[]> values = transferredValues(model, current);
    model.variables().assign(session, values);
    LOG.info(
        "initialized {} variables of {} from {} source(s), stacking {}: {}",
        values.size(),
        model.spec(),
        stacked().size(),
        stacking.spec(),
        stacked().stream().map(SourceModel::name).toList());
  }

  /**
   * Checks, before anything is created or trained, that the sources fit a network of {@code spec}:
   * parameterization, width, architecture and every shape (builds the network's inference path in a
   * scratch graph).
   *
   * @throws IncompatibleSourceException or IllegalArgumentException naming what does not fit
   */
  public void validate(ModelSpec spec) {
    Model.inspect(
        spec,
        model -> {
          checkTarget(model);
          return null;
        });
  }

  /**
   * The values transfer writes, computed from the model's freshly initialized values {@code
   * current}.
   *
   * @throws IncompatibleSourceException when a source's architecture or a shape does not fit
   */
  public Map<String, float[]> transferredValues(Model model, Map<String, float[]> current) {
    checkTarget(model);
    if (stacking.aligns() && sources.size() > 1) {
      List<SourceModel> aligned = new ArrayList<>(List.of(sources.get(0)));
      for (SourceModel other : sources.subList(1, sources.size())) {
        aligned.add(alignment.align(model, sources.get(0), other));
      }
      LOG.info(
          "aligned to {}: {}",
          sources.get(0).name(),
          aligned.subList(1, aligned.size()).stream().map(SourceModel::name).toList());
      return new TransferInitializer(
              aligned,
              stacking.averages() ? Stacking.AVERAGE : Stacking.FIRST,
              targetClasses,
              alignment)
          .transferredValues(model, current);
    }
    SourceStacking target = stackingOf(model.spec().parameterization());
    Map<String, float[]> values = new LinkedHashMap<>();
    List<KernelLayer> layers = model.kernelLayers();
    KernelLayer classifier = layers.get(layers.size() - 1);
    boolean sameClasses = reusesClassifier(model);
    for (KernelLayer layer : layers) {
      if (layer == classifier && !sameClasses) {
        continue;
      }
      List<SourceStacking.SourceLayer> stacked =
          stacked().stream()
              .map(
                  source ->
                      new SourceStacking.SourceLayer(
                          sourceKernel(source, layer),
                          layer.shape().hasBias()
                              ? Optional.of(sourceBias(source, layer))
                              : Optional.empty()))
              .toList();
      values.putAll(target.stack(layer.shape(), stacked, current, stacking.averages()));
    }
    for (BatchNorm bn : model.batchNorms()) {
      batchNormMean(bn, stacking.averages() ? sources : sources.subList(0, 1), values);
    }
    return values;
  }

  /**
   * Each batch-norm vector (gamma, beta, moving statistics) the mean of {@code from}'s, which
   * {@link #checkCompatible} found present; from one source, its values exactly.
   */
  private static void batchNormMean(
      BatchNorm bn, List<SourceModel> from, Map<String, float[]> values) {
    for (ModelVariable variable : bn.variables()) {
      float[] mean = new float[(int) variable.size()];
      for (SourceModel source : from) {
        float[] value = source.variables().get(variable.name());
        for (int i = 0; i < mean.length; i++) {
          mean[i] += value[i] / from.size();
        }
      }
      values.put(variable.name(), mean);
    }
  }

  /** The sources the network starts from: all, or the first alone for {@link Stacking#BEST}. */
  private List<SourceModel> stacked() {
    return sources.subList(0, stacking.stackedCount(sources.size()));
  }

  private static SourceStacking stackingOf(KernelParameterization parameterization) {
    return parameterization
        .capability(SourceStacking.class)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "transfer cannot start a "
                        + parameterization.spec()
                        + " network from source models (its layers cannot hold"
                        + " source kernels): use plain (one source) or kflo:BxR (R sources)"));
  }

  private float[] sourceKernel(SourceModel source, KernelLayer layer) {
    return source.variables().get(PlainParameterization.kernelName(layer.name()));
  }

  private float[] sourceBias(SourceModel source, KernelLayer layer) {
    return source.variables().get(PlainParameterization.biasName(layer.name()));
  }

  private void checkTarget(Model model) {
    KernelParameterization parameterization = model.spec().parameterization();
    SourceStacking target = stackingOf(parameterization);
    if (stacking.aligns()
        && sources.size() > 1
        && !WeightMatching.SEQUENTIAL_ARCHITECTURES.contains(model.spec().architecture().spec())) {
      throw new IllegalArgumentException(
          "--stacking "
              + stacking.spec()
              + " matches the units of sequential architectures "
              + WeightMatching.SEQUENTIAL_ARCHITECTURES.stream().sorted().toList()
              + ", not "
              + model.spec().architecture().spec()
              + ": use --stacking first or average");
    }
    target.checkCapacity(stacking.stackedCount(sources.size()));
    SourceCompatibility.check(model, sources, reusesClassifier(model));
  }
}
