package io.kflo4j.graph.reparam;

import java.util.Arrays;

/**
 * The deployed shape of one conv or dense kernel, in TensorFlow's layout: HWIO for a conv ({@code
 * [kh, kw, in, out]}), {@code [in, out]} for a dense layer.
 *
 * @param layerName the layer's flat name, prefix of its variable names ({@code conv1}, {@code fc2})
 * @param window spatial window, {@code {kh, kw}} for a conv, empty for a dense layer
 * @param inChannels input channels (features for a dense layer)
 * @param outChannels output channels
 * @param hasBias whether the layer adds a bias
 * @param batchNormAfter whether a batch norm is applied directly to the layer's output (a foldable
 *     pair): a parameterization may then hand the deployed layer a bias, which export absorbs into
 *     that batch norm
 */
public record KernelShape(
    String layerName,
    int[] window,
    int inChannels,
    int outChannels,
    boolean hasBias,
    boolean batchNormAfter) {

  /** Validates the dimensions. */
  public KernelShape {
    window = window.clone();
    if (inChannels < 1 || outChannels < 1 || Arrays.stream(window).anyMatch(k -> k < 1)) {
      throw new IllegalArgumentException(
          "layer '"
              + layerName
              + "': bad kernel dimensions window="
              + Arrays.toString(window)
              + " in="
              + inChannels
              + " out="
              + outChannels);
    }
  }

  /** A conv kernel of a kh x kw window. */
  public static KernelShape conv(
      String layerName, int kh, int kw, int in, int out, boolean hasBias) {
    return new KernelShape(layerName, new int[] {kh, kw}, in, out, hasBias, false);
  }

  /** This shape, declared as followed directly by a batch norm. */
  public KernelShape withBatchNormAfter() {
    return new KernelShape(layerName, window, inChannels, outChannels, hasBias, true);
  }

  /** Whether this is a conv with a square window larger than 1 x 1. */
  public boolean isSpatial() {
    return window.length == 2 && window[0] == window[1] && window[0] > 1;
  }

  /** A dense kernel. */
  public static KernelShape dense(String layerName, int in, int out, boolean hasBias) {
    return new KernelShape(layerName, new int[0], in, out, hasBias, false);
  }

  /** Inputs feeding one output unit: kh * kw * in. */
  public long fanIn() {
    long fanIn = inChannels;
    for (int k : window) {
      fanIn *= k;
    }
    return fanIn;
  }

  /** The deployed kernel shape with {@code outChannels} replaced by {@code out}. */
  public long[] kernelShape(int out) {
    long[] shape = new long[window.length + 2];
    for (int i = 0; i < window.length; i++) {
      shape[i] = window[i];
    }
    shape[window.length] = inChannels;
    shape[window.length + 1] = out;
    return shape;
  }

  /** The deployed kernel shape. */
  public long[] kernelShape() {
    return kernelShape(outChannels);
  }

  /** Scalars of the deployed kernel and bias. */
  public long deployedParameters() {
    return fanIn() * outChannels + (hasBias ? outChannels : 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KernelShape other
        && layerName.equals(other.layerName)
        && Arrays.equals(window, other.window)
        && inChannels == other.inChannels
        && outChannels == other.outChannels
        && hasBias == other.hasBias
        && batchNormAfter == other.batchNormAfter;
  }

  @Override
  public int hashCode() {
    return layerName.hashCode() * 31 + Arrays.hashCode(window) + 7 * inChannels + 13 * outChannels;
  }

  @Override
  public String toString() {
    return layerName + Arrays.toString(kernelShape()) + (hasBias ? "+bias" : "");
  }
}
