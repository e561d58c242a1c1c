package io.kflo4j.graph.reparam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.layers.KernelLayer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deployed kernels of ACNet and DO-Conv against their definitions, computed in Java in double
 * precision.
 */
class BaselineParameterizationsTest {

  @Test
  void doConvStartsAsItsConventionalKernelAndThenComputesDTransposeW() {
    try (BuiltModel built = BuiltModel.of("cifar-quick", "doconv")) {
      Map<String, float[]> initial = built.model().deployedValues(built.session());
      Map<String, float[]> variables = built.model().variables().readAll(built.session());
      assertArrayEquals(variables.get("conv2_doconv_w"), initial.get("conv2_kernel"));

      Map<String, float[]> random = built.randomize("_doconv_d", -0.2, 0.2);
      Map<String, float[]> deployed = built.model().deployedValues(built.session());
      for (KernelLayer layer : built.model().kernelLayers()) {
        if (!layer.shape().isSpatial()) {
          continue;
        }
        int window = layer.shape().window()[0] * layer.shape().window()[1];
        int in = layer.shape().inChannels();
        int out = layer.shape().outChannels();
        float[] w = variables.get(layer.name() + "_doconv_w");
        float[] d = random.get(layer.name() + "_doconv_d");
        float[] actual = deployed.get(layer.name() + "_kernel");
        double maxDiff = 0;
        for (int s = 0; s < window; s++) {
          for (int c = 0; c < in; c++) {
            for (int o = 0; o < out; o++) {
              double expected = 0;
              for (int t = 0; t < window; t++) {
                double depthwise = d[(s * window + t) * in + c] + (s == t ? 1 : 0);
                expected += depthwise * w[(t * in + c) * out + o];
              }
              maxDiff = Math.max(maxDiff, Math.abs(expected - actual[(s * in + c) * out + o]));
            }
          }
        }
        assertTrue(maxDiff <= 1e-5, layer.name() + ": W' differs from D^T o W by " + maxDiff);
      }
    }
  }

  @Test
  void acnetFoldsEachBranchBatchNormAndAddsTheOneDimensionalKernelsIntoTheCentreCross() {
    try (BuiltModel built = BuiltModel.of("cifar-quick", "acnet")) {
      for (String part : new String[] {"_gamma", "_beta", "_moving_mean"}) {
        built.randomize("_bn" + part, -1, 1);
      }
      built.randomize("_bn_moving_variance", 0.5, 2);
      Map<String, float[]> v = built.model().variables().readAll(built.session());
      Map<String, float[]> deployed = built.model().deployedValues(built.session());
      KernelLayer conv2 = built.model().kernelLayers().get(1);
      int k = 5;
      int in = conv2.shape().inChannels();
      int out = conv2.shape().outChannels();
      float[] actual = deployed.get("conv2_kernel");
      double[] branchBias = new double[out];
      double maxDiff = 0;
      for (int o = 0; o < out; o++) {
        double[] scale = new double[3];
        String[] branches = {"square", "ver", "hor"};
        for (int b = 0; b < 3; b++) {
          String bn = "conv2_acnet_" + branches[b] + "_bn";
          scale[b] = v.get(bn + "_gamma")[o] / Math.sqrt(v.get(bn + "_moving_variance")[o] + 1e-5);
          branchBias[o] += v.get(bn + "_beta")[o] - v.get(bn + "_moving_mean")[o] * scale[b];
        }
        for (int h = 0; h < k; h++) {
          for (int w = 0; w < k; w++) {
            for (int c = 0; c < in; c++) {
              double expected =
                  scale[0] * v.get("conv2_acnet_square")[((h * k + w) * in + c) * out + o];
              if (w == k / 2) {
                expected += scale[1] * v.get("conv2_acnet_ver")[(h * in + c) * out + o];
              }
              if (h == k / 2) {
                expected += scale[2] * v.get("conv2_acnet_hor")[(w * in + c) * out + o];
              }
              maxDiff =
                  Math.max(maxDiff, Math.abs(expected - actual[((h * k + w) * in + c) * out + o]));
            }
          }
        }
      }
      assertTrue(maxDiff <= 1e-5, "conv2: folded kernel differs from the definition by " + maxDiff);
      // The summed branch bias is absorbed by the following batch norm: its deployed moving mean is
      // m - b.
      float[] mean = deployed.get("conv2_bn_moving_mean");
      for (int o = 0; o < out; o++) {
        assertTrue(
            Math.abs(v.get("conv2_bn_moving_mean")[o] - branchBias[o] - mean[o]) <= 1e-5,
            "channel " + o);
      }
    }
  }
}
