package io.kflo4j.transfer.init;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.reparam.PlainParameterization;
import io.kflo4j.graph.variables.ModelVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Weight matching (Git Re-Basin, Ainsworth et al. 2023): permutes the hidden units of one
 * pretrained model so that they correspond to another's, layer by layer, without data. A
 * permutation of a layer's output units permutes its kernel's output axis, its bias, its batch
 * norm's vectors and the next kernel layer's input channels, so the permuted model computes exactly
 * what it computed before.
 *
 * <p>For each hidden layer in turn the permutation maximizing the summed products of the two
 * models' parameters tied to each unit (the layer's kernel column, bias, batch-norm gamma and beta,
 * the next layer's kernel rows; never the moving statistics) is a linear assignment; passes over
 * the layers repeat until no permutation changes. Sequential architectures only: residual
 * connections would tie the permutations of several layers together.
 */
public final class WeightMatching {
  /** Architectures whose kernel layers form a chain, each feeding the next. */
  public static final Set<String> SEQUENTIAL_ARCHITECTURES = Set.of("cifar-quick", "vgg16");

  private static final int MAX_PASSES = 100;

  private final List<KernelLayer> layers;
  private final Map<String, float[]> reference;

  private WeightMatching(Model model, Map<String, float[]> reference) {
    checkSequential(model.spec().architecture().spec());
    this.layers = model.kernelLayers();
    this.reference = reference;
  }

  /**
   * {@code other} with its hidden units permuted to match {@code reference}'s.
   *
   * @param model a network of the sources' architecture (for its layers and batch norms)
   */
  public static SourceModel align(Model model, SourceModel reference, SourceModel other) {
    WeightMatching matching = new WeightMatching(model, reference.variables());
    int[][] permutations = matching.match(other.variables());
    return permuted(model, other, permutations, "aligned to " + reference.name());
  }

  /**
   * {@code other} with the output units of every hidden kernel layer reordered by {@code
   * permutations} ({@link #permute}), named with {@code how} in parentheses.
   *
   * @throws IllegalArgumentException for a residual architecture, whose permutations are tied
   */
  static SourceModel permuted(Model model, SourceModel other, int[][] permutations, String how) {
    checkSequential(model.spec().architecture().spec());
    return new SourceModel(
        other.name() + " (" + how + ")",
        other.architecture(),
        other.numClasses(),
        permute(model, other.variables(), permutations),
        other.shapes(),
        other.classNames());
  }

  /** Refuses architectures whose residual connections tie several layers' permutations. */
  static void checkSequential(String architecture) {
    if (!SEQUENTIAL_ARCHITECTURES.contains(architecture)) {
      throw new IllegalArgumentException(
          "aligned stacking matches the units of sequential architectures "
              + SEQUENTIAL_ARCHITECTURES.stream().sorted().toList()
              + ", not "
              + architecture
              + " (its residual connections tie the permutations of several layers)");
    }
  }

  /**
   * The values of a plain model with the output units of every hidden kernel layer {@code l}
   * reordered: new unit {@code i} is old unit {@code permutations[l][i]}. The classifier's outputs
   * (classes) are never permuted.
   */
  static Map<String, float[]> permute(
      Model model, Map<String, float[]> values, int[][] permutations) {
    List<KernelLayer> layers = model.kernelLayers();
    Map<String, float[]> permuted = new LinkedHashMap<>(values);
    for (int l = 0; l < layers.size(); l++) {
      KernelLayer layer = layers.get(l);
      String kernel = PlainParameterization.kernelName(layer.name());
      // The classifier's outputs are the source's classes, which the network being built may not
      // share.
      int[] outputs =
          l < layers.size() - 1
              ? permutations[l]
              : identity(Math.toIntExact(values.get(kernel).length / layer.shape().fanIn()));
      int[] inputs = l > 0 ? permutations[l - 1] : identity(channelsIn(layers, 0));
      permuted.put(kernel, permuteKernel(values.get(kernel), inputs, outputs));
      for (String vector : unitVectors(layer)) {
        if (values.containsKey(vector)) {
          permuted.put(vector, permuteVector(values.get(vector), outputs));
        }
      }
    }
    return permuted;
  }

  private int[][] match(Map<String, float[]> other) {
    int hidden = layers.size() - 1;
    int[][] permutations = new int[hidden][];
    for (int l = 0; l < hidden; l++) {
      permutations[l] = identity(layers.get(l).shape().outChannels());
    }
    Random order = new Random(0);
    List<Integer> sequence = new ArrayList<>();
    for (int l = 0; l < hidden; l++) {
      sequence.add(l);
    }
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      java.util.Collections.shuffle(sequence, order);
      boolean changed = false;
      for (int l : sequence) {
        int[] best = LinearAssignment.maximize(similarity(other, permutations, l));
        if (!Arrays.equals(best, permutations[l])) {
          permutations[l] = best;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    return permutations;
  }

  /**
   * S[i][j]: the summed products of the weights tied to reference unit i and other unit j of layer
   * l.
   */
  private double[][] similarity(Map<String, float[]> other, int[][] permutations, int l) {
    KernelLayer layer = layers.get(l);
    int n = layer.shape().outChannels();
    double[][] s = new double[n][n];
    int[] inputs = l > 0 ? permutations[l - 1] : identity(channelsIn(layers, 0));
    String kernel = PlainParameterization.kernelName(layer.name());
    float[] a = reference.get(kernel);
    float[] b = other.get(kernel);
    int channels = inputs.length;
    int rows = a.length / n;
    for (int r = 0; r < rows; r++) {
      int rb = (r / channels) * channels + inputs[r % channels];
      for (int i = 0; i < n; i++) {
        double ai = a[r * n + i];
        if (ai == 0) {
          continue;
        }
        double[] si = s[i];
        for (int j = 0; j < n; j++) {
          si[j] += ai * b[rb * n + j];
        }
      }
    }
    for (String vector : parameterVectors(layer)) {
      float[] va = reference.get(vector);
      float[] vb = other.get(vector);
      if (va != null && vb != null) {
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            s[i][j] += (double) va[i] * vb[j];
          }
        }
      }
    }
    KernelLayer next = layers.get(l + 1);
    String nextKernel = PlainParameterization.kernelName(next.name());
    float[] na = reference.get(nextKernel);
    float[] nb = other.get(nextKernel);
    int nextOut = Math.toIntExact(na.length / next.shape().fanIn());
    int[] nextOutputs = l + 1 < layers.size() - 1 ? permutations[l + 1] : identity(nextOut);
    int spatial = (na.length / nextOut) / n;
    for (int p = 0; p < spatial; p++) {
      for (int i = 0; i < n; i++) {
        int rowA = (p * n + i) * nextOut;
        for (int j = 0; j < n; j++) {
          int rowB = (p * n + j) * nextOut;
          double sum = 0;
          for (int o = 0; o < nextOut; o++) {
            sum += (double) na[rowA + o] * nb[rowB + nextOutputs[o]];
          }
          s[i][j] += sum;
        }
      }
    }
    return s;
  }

  /**
   * The per-output-unit parameters of a kernel layer that the similarity compares: its bias and its
   * batch norm's gamma and beta. The moving statistics are permuted with their units but never
   * compared: they describe the data a model last saw (the moving variance grows with the squared
   * filter norm), not what the unit computes, and Git Re-Basin matches on parameters only.
   */
  private static List<String> parameterVectors(KernelLayer layer) {
    List<String> names = new ArrayList<>();
    names.add(PlainParameterization.biasName(layer.name()));
    layer
        .batchNorm()
        .ifPresent(
            bn ->
                bn.variables().stream()
                    .filter(ModelVariable::trainable)
                    .map(ModelVariable::name)
                    .forEach(names::add));
    return names;
  }

  /** Per-output-unit vectors of a kernel layer: its bias and its batch norm's variables. */
  private static List<String> unitVectors(KernelLayer layer) {
    List<String> names = new ArrayList<>();
    names.add(PlainParameterization.biasName(layer.name()));
    layer
        .batchNorm()
        .ifPresent(bn -> bn.variables().stream().map(ModelVariable::name).forEach(names::add));
    return names;
  }

  private static int channelsIn(List<KernelLayer> layers, int l) {
    return layers.get(l).shape().inChannels();
  }

  /**
   * Kernel [rows = spatial * in, out]: new[s * in + c][i] = old[s * in + inputs[c]][outputs[i]].
   */
  private static float[] permuteKernel(float[] kernel, int[] inputs, int[] outputs) {
    int out = outputs.length;
    int channels = inputs.length;
    int rows = kernel.length / out;
    float[] result = new float[kernel.length];
    for (int r = 0; r < rows; r++) {
      int source = (r / channels) * channels + inputs[r % channels];
      for (int i = 0; i < out; i++) {
        result[r * out + i] = kernel[source * out + outputs[i]];
      }
    }
    return result;
  }

  private static float[] permuteVector(float[] vector, int[] order) {
    float[] result = new float[vector.length];
    for (int i = 0; i < order.length; i++) {
      result[i] = vector[order[i]];
    }
    return result;
  }

  private static int[] identity(int n) {
    int[] identity = new int[n];
    for (int i = 0; i < n; i++) {
      identity[i] = i;
    }
    return identity;
  }
}
