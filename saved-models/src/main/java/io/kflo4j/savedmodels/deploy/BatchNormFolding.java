package io.kflo4j.savedmodels.deploy;

import io.kflo4j.graph.layers.BatchNorm;
import io.kflo4j.graph.reparam.PlainParameterization;
import io.kflo4j.graph.variables.Shapes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds inference-mode batch norm into what precedes it, in double precision.
 *
 * <p>Inference batch norm is {@code y = (x - mean) * gamma / sqrt(var + eps) + beta} per channel,
 * eps = {@link BatchNorm#EPSILON}. With {@code s = gamma / sqrt(var + eps)}:
 *
 * <ul>
 *   <li>after a conv {@code x = conv(W) + b}: kernel {@code W * s} per output channel (the last
 *       axis of HWIO), bias {@code (b - mean) * s + beta} ({@code b = 0} for a conv without bias);
 *   <li>anywhere else: the affine map {@code y = x * s + (beta - mean * s)}.
 * </ul>
 */
public final class BatchNormFolding {
  private BatchNormFolding() {}

  /**
   * A folded conv.
   *
   * @param kernel the kernel, same layout and shape as the input kernel
   * @param bias one value per output channel
   */
  public record FoldedConv(float[] kernel, float[] bias) {}

  /**
   * A batch norm as a per-channel affine map.
   *
   * @param scale multiplies the input
   * @param offset is then added
   */
  public record Affine(float[] scale, float[] offset) {}

  /**
   * Folds a batch norm into the conv before it.
   *
   * @param kernel the conv kernel, output channels on the last (fastest) axis
   * @param biasOrNull the conv's own bias, or {@code null}
   * @param gamma the batch norm's scale
   * @param beta its offset
   * @param mean its moving mean
   * @param variance its moving variance
   */
  public static FoldedConv foldIntoConv(
      float[] kernel,
      float[] biasOrNull,
      float[] gamma,
      float[] beta,
      float[] mean,
      float[] variance) {
    int channels = gamma.length;
    checkChannels(channels, beta, mean, variance);
    if (kernel.length % channels != 0) {
      throw new IllegalArgumentException(
          "a kernel of " + kernel.length + " values cannot have " + channels + " output channels");
    }
    if (biasOrNull != null && biasOrNull.length != channels) {
      throw new IllegalArgumentException(
          "bias has " + biasOrNull.length + " values for " + channels + " channels");
    }
    double[] scale = scale(gamma, variance);
    float[] folded = new float[kernel.length];
    for (int i = 0; i < kernel.length; i++) {
      folded[i] = (float) (kernel[i] * scale[i % channels]);
    }
    float[] bias = new float[channels];
    for (int c = 0; c < channels; c++) {
      double own = biasOrNull == null ? 0 : biasOrNull[c];
      bias[c] = (float) ((own - mean[c]) * scale[c] + beta[c]);
    }
    return new FoldedConv(folded, bias);
  }

  /** A batch norm as an affine map {@code y = x * scale + offset}. */
  public static Affine toAffine(float[] gamma, float[] beta, float[] mean, float[] variance) {
    int channels = gamma.length;
    checkChannels(channels, beta, mean, variance);
    double[] scale = scale(gamma, variance);
    float[] s = new float[channels];
    float[] offset = new float[channels];
    for (int c = 0; c < channels; c++) {
      s[c] = (float) scale[c];
      offset[c] = (float) (beta[c] - mean[c] * scale[c]);
    }
    return new Affine(s, offset);
  }

  /**
   * The values of a layout's variables from the plain architecture's values (e.g. {@code
   * Model.deployedValues}). For the unfolded form these are the same arrays; for the folded form
   * the folded ones.
   *
   * @param layout the target form
   * @param plainValues a value for every variable of the plain architecture, keyed by name
   * @throws IllegalArgumentException naming a missing or unexpected variable, or one of the wrong
   *     size
   */
  public static Map<String, float[]> valuesFor(
      DeployedLayout layout, Map<String, float[]> plainValues) {
    DeployedLayout plain =
        layout.batchNormFolded() ? DeployedLayout.of(layout.spec(), false) : layout;
    checkValues(plain.variables(), plainValues, "plain " + layout.spec().architecture().spec());
    Map<String, float[]> values = new LinkedHashMap<>();
    if (!layout.batchNormFolded()) {
      for (String name : layout.variables().keySet()) {
        values.put(name, plainValues.get(name));
      }
      return values;
    }
    Map<String, DeployedLayout.FoldedPair> pairByLayer = new LinkedHashMap<>();
    layout.foldedPairs().forEach(p -> pairByLayer.put(p.layer(), p));
    for (String name : layout.variables().keySet()) {
      if (values.containsKey(name)) {
        continue;
      }
      String layer = layerOfKernel(name);
      if (layer != null && pairByLayer.containsKey(layer)) {
        DeployedLayout.FoldedPair pair = pairByLayer.get(layer);
        String bn = pair.batchNorm();
        FoldedConv folded =
            foldIntoConv(
                plainValues.get(name),
                pair.convHasBias() ? plainValues.get(PlainParameterization.biasName(layer)) : null,
                plainValues.get(bn + "_gamma"),
                plainValues.get(bn + "_beta"),
                plainValues.get(bn + "_moving_mean"),
                plainValues.get(bn + "_moving_variance"));
        values.put(name, folded.kernel());
        values.put(PlainParameterization.biasName(layer), folded.bias());
      } else if (plainValues.containsKey(name)) {
        values.put(name, plainValues.get(name));
      }
    }
    for (DeployedLayout.StandaloneBatchNorm standalone : layout.standaloneBatchNorms()) {
      String bn = standalone.batchNorm();
      Affine affine =
          toAffine(
              plainValues.get(bn + "_gamma"),
              plainValues.get(bn + "_beta"),
              plainValues.get(bn + "_moving_mean"),
              plainValues.get(bn + "_moving_variance"));
      values.put(DeployedLayout.scaleName(bn), affine.scale());
      values.put(DeployedLayout.offsetName(bn), affine.offset());
    }
    checkValues(layout.variables(), values, "folded " + layout.spec().architecture().spec());
    Map<String, float[]> ordered = new LinkedHashMap<>();
    layout.variables().keySet().forEach(name -> ordered.put(name, values.get(name)));
    return ordered;
  }

  /**
   * Checks that {@code values} has exactly the variables of {@code shapes}, each of the right size.
   *
   * @param what names the model in messages
   * @throws IllegalArgumentException naming the first missing, unexpected or wrongly sized variable
   */
  public static void checkValues(
      Map<String, long[]> shapes, Map<String, float[]> values, String what) {
    for (Map.Entry<String, long[]> entry : shapes.entrySet()) {
      float[] value = values.get(entry.getKey());
      if (value == null) {
        throw new IllegalArgumentException(
            "no value for variable '" + entry.getKey() + "' of the " + what + " model");
      }
      if (value.length != Shapes.size(entry.getValue())) {
        throw new IllegalArgumentException(
            "variable '"
                + entry.getKey()
                + "' of shape "
                + Shapes.toString(entry.getValue())
                + " needs "
                + Shapes.size(entry.getValue())
                + " values, got "
                + value.length);
      }
    }
    for (String name : values.keySet()) {
      if (!shapes.containsKey(name)) {
        throw new IllegalArgumentException(
            "'" + name + "' is not a variable of the " + what + " model");
      }
    }
  }

  private static String layerOfKernel(String name) {
    String suffix = "_kernel";
    return name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : null;
  }

  private static double[] scale(float[] gamma, float[] variance) {
    double[] scale = new double[gamma.length];
    for (int c = 0; c < gamma.length; c++) {
      scale[c] = gamma[c] / Math.sqrt((double) variance[c] + BatchNorm.EPSILON);
    }
    return scale;
  }

  private static void checkChannels(int channels, float[] beta, float[] mean, float[] variance) {
    if (beta.length != channels || mean.length != channels || variance.length != channels) {
      throw new IllegalArgumentException(
          "batch norm vectors differ in length: gamma "
              + channels
              + ", beta "
              + beta.length
              + ", mean "
              + mean.length
              + ", variance "
              + variance.length);
    }
  }
}
