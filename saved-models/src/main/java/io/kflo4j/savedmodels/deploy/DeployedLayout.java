package io.kflo4j.savedmodels.deploy;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.layers.BatchNorm;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.reparam.PlainParameterization;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.Shapes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of an exported model, by name and shape, in one of its two forms:
 *
 * <ul>
 *   <li>unfolded: exactly the variables of the architecture built with the plain parameterization
 *       ({@code L_kernel}, {@code L_bias} for dense layers, {@code N_gamma}, {@code N_beta}, {@code
 *       N_moving_mean}, {@code N_moving_variance} for every batch norm);
 *   <li>folded ({@code --fold-bn}): every conv {@code L} followed directly by a batch norm gets
 *       {@code L_kernel} with the batch norm folded in and a bias {@code L_bias} {@code [out]};
 *       that batch norm has no variables; every other batch norm {@code N} (WRN's pre-activation
 *       {@code g*_bn1}, {@code bn_final}) becomes a per-channel affine map {@code y = x * N_scale +
 *       N_offset}.
 * </ul>
 *
 * <p>Order: kernel layers in creation order (kernel, then bias), then the batch norms' variables in
 * creation order.
 */
public final class DeployedLayout {

  /**
   * A conv and the batch norm applied directly to its output.
   *
   * @param layer the conv's name
   * @param batchNorm the batch norm's name
   * @param channels the conv's output channels
   * @param convHasBias whether the conv has a bias of its own
   */
  public record FoldedPair(String layer, String batchNorm, int channels, boolean convHasBias) {}

  /**
   * A batch norm that follows no conv directly: kept as a batch norm, or, folded, turned into an
   * affine map.
   *
   * @param batchNorm its name
   * @param channels its channels
   */
  public record StandaloneBatchNorm(String batchNorm, int channels) {}

  private final ModelSpec spec;
  private final boolean batchNormFolded;
  private final Map<String, long[]> variables;
  private final List<FoldedPair> foldedPairs;
  private final List<StandaloneBatchNorm> standaloneBatchNorms;
  private final long plainParameterCount;

  private DeployedLayout(
      ModelSpec spec,
      boolean batchNormFolded,
      Map<String, long[]> variables,
      List<FoldedPair> foldedPairs,
      List<StandaloneBatchNorm> standaloneBatchNorms,
      long plainParameterCount) {
    this.spec = spec;
    this.batchNormFolded = batchNormFolded;
    this.variables = Collections.unmodifiableMap(variables);
    this.foldedPairs = List.copyOf(foldedPairs);
    this.standaloneBatchNorms = List.copyOf(standaloneBatchNorms);
    this.plainParameterCount = plainParameterCount;
  }

  /** Suffix of the scale of a batch norm turned into an affine map. */
  public static final String SCALE_SUFFIX = "_scale";

  /** Suffix of the offset of a batch norm turned into an affine map. */
  public static final String OFFSET_SUFFIX = "_offset";

  /** Name of the scale variable of an affine batch norm. */
  public static String scaleName(String batchNorm) {
    return batchNorm + SCALE_SUFFIX;
  }

  /** Name of the offset variable of an affine batch norm. */
  public static String offsetName(String batchNorm) {
    return batchNorm + OFFSET_SUFFIX;
  }

  /**
   * The layout of {@code spec}'s architecture (any parameterization: only the architecture and
   * classes count), read from a throw-away graph of the plain architecture.
   */
  public static DeployedLayout of(ModelSpec spec, boolean foldBatchNorm) {
    ModelSpec plain = spec.withParameterization(new PlainParameterization());
    return Model.inspect(plain, model -> of(model, foldBatchNorm));
  }

  /**
   * The layout of a built model of the plain parameterization.
   *
   * @throws IllegalArgumentException if the model is not plain
   */
  public static DeployedLayout of(Model plainModel, boolean foldBatchNorm) {
    if (!PlainParameterization.SPEC.equals(plainModel.spec().parameterization().spec())) {
      throw new IllegalArgumentException(
          "a deployed layout is read from a plain model, got " + plainModel.spec());
    }
    Map<String, long[]> plainVariables = new LinkedHashMap<>();
    long plainCount = 0;
    for (ModelVariable variable : plainModel.variables().all()) {
      plainVariables.put(variable.name(), variable.shape());
      plainCount += variable.size();
    }
    List<FoldedPair> pairs = new ArrayList<>();
    List<String> attached = new ArrayList<>();
    for (KernelLayer layer : plainModel.kernelLayers()) {
      Optional<BatchNorm> bn = layer.batchNorm();
      if (bn.isPresent()) {
        pairs.add(
            new FoldedPair(
                layer.name(),
                bn.get().name(),
                layer.shape().outChannels(),
                layer.shape().hasBias()));
        attached.add(bn.get().name());
      }
    }
    List<StandaloneBatchNorm> standalone = new ArrayList<>();
    for (BatchNorm bn : plainModel.batchNorms()) {
      if (!attached.contains(bn.name())) {
        standalone.add(
            new StandaloneBatchNorm(bn.name(), Math.toIntExact(bn.variables().get(0).shape()[0])));
      }
    }
    if (!foldBatchNorm) {
      return new DeployedLayout(
          plainModel.spec(), false, plainVariables, pairs, standalone, plainCount);
    }
    Map<String, long[]> folded = new LinkedHashMap<>();
    for (KernelLayer layer : plainModel.kernelLayers()) {
      folded.put(PlainParameterization.kernelName(layer.name()), layer.shape().kernelShape());
      if (layer.shape().hasBias() || layer.batchNorm().isPresent()) {
        folded.put(
            PlainParameterization.biasName(layer.name()), new long[] {layer.shape().outChannels()});
      }
    }
    for (StandaloneBatchNorm bn : standalone) {
      folded.put(scaleName(bn.batchNorm()), new long[] {bn.channels()});
      folded.put(offsetName(bn.batchNorm()), new long[] {bn.channels()});
    }
    return new DeployedLayout(plainModel.spec(), true, folded, pairs, standalone, plainCount);
  }

  /** The plain spec of the exported graph. */
  public ModelSpec spec() {
    return spec;
  }

  /** Whether this is the folded form. */
  public boolean batchNormFolded() {
    return batchNormFolded;
  }

  /** Variable names to shapes, in order (unmodifiable; do not change the arrays). */
  public Map<String, long[]> variables() {
    return variables;
  }

  /** Convs followed directly by a batch norm (folded into the conv in the folded form). */
  public List<FoldedPair> foldedPairs() {
    return foldedPairs;
  }

  /** Batch norms that follow no conv directly (affine maps in the folded form). */
  public List<StandaloneBatchNorm> standaloneBatchNorms() {
    return standaloneBatchNorms;
  }

  /** Scalars in this form's variables. */
  public long parameterCount() {
    long count = 0;
    for (long[] shape : variables.values()) {
      count += Shapes.size(shape);
    }
    return count;
  }

  /** Scalars in the plain architecture's variables (batch norms' moving statistics included). */
  public long plainParameterCount() {
    return plainParameterCount;
  }

  @Override
  public String toString() {
    return spec
        + (batchNormFolded ? ", BN folded" : "")
        + ": "
        + variables.size()
        + " variables, "
        + parameterCount()
        + " parameters";
  }
}
