package io.kflo4j.savedmodels.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.graph.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {
  private static final double EPS = 1e-5;

  @Test
  void foldsIntoAConvPerOutputChannel() {
    // 1x1 conv, 2 inputs, 2 outputs: HWIO flat = [i0o0, i0o1, i1o0, i1o1].
    float[] kernel = {1, 2, 3, 4};
    float[] gamma = {2, 0.5f};
    float[] beta = {1, -1};
    float[] mean = {0.5f, 2};
    float[] variance = {4 - (float) EPS, 1 - (float) EPS};
    BatchNormFolding.FoldedConv folded =
        BatchNormFolding.foldIntoConv(kernel, null, gamma, beta, mean, variance);
    // s = gamma / sqrt(var + eps) = {2 / 2, 0.5 / 1} = {1, 0.5}
    assertArrayEquals(new float[] {1, 1, 3, 2}, folded.kernel(), 1e-6f);
    // bias = beta - mean * s = {1 - 0.5, -1 - 1}
    assertArrayEquals(new float[] {0.5f, -2}, folded.bias(), 1e-6f);
  }

  @Test
  void foldsAConvBiasToo() {
    BatchNormFolding.FoldedConv folded =
        BatchNormFolding.foldIntoConv(
            new float[] {3},
            new float[] {2},
            new float[] {3},
            new float[] {1},
            new float[] {1},
            new float[] {9 - (float) EPS});
    assertArrayEquals(new float[] {3}, folded.kernel(), 1e-6f); // s = 1
    assertArrayEquals(new float[] {2}, folded.bias(), 1e-6f); // (2 - 1) * 1 + 1
  }

  @Test
  void turnsAStandaloneBatchNormIntoAnAffineMap() {
    BatchNormFolding.Affine affine =
        BatchNormFolding.toAffine(
            new float[] {3, 1},
            new float[] {0, 2},
            new float[] {1, -4},
            new float[] {0.25f - (float) EPS, 1 - (float) EPS});
    assertArrayEquals(new float[] {6, 1}, affine.scale(), 1e-5f);
    assertArrayEquals(new float[] {-6, 6}, affine.offset(), 1e-5f);
  }

  @Test
  void layoutOfWrnFoldsBn2AndKeepsPreActivationsAsAffineMaps() {
    DeployedLayout folded = DeployedLayout.of(ModelSpec.of("wrn-10-1", 10, "kflo:2x4"), true);
    assertEquals(
        List.of("g1b1_bn2", "g2b1_bn2", "g3b1_bn2"),
        folded.foldedPairs().stream().map(DeployedLayout.FoldedPair::batchNorm).toList());
    assertEquals(
        List.of("g1b1_bn1", "g2b1_bn1", "g3b1_bn1", "bn_final"),
        folded.standaloneBatchNorms().stream()
            .map(DeployedLayout.StandaloneBatchNorm::batchNorm)
            .toList());
    assertEquals(
        List.of(
            "conv0_kernel",
            "g1b1_conv1_kernel",
            "g1b1_conv1_bias",
            "g1b1_conv2_kernel",
            "g2b1_conv1_kernel",
            "g2b1_conv1_bias",
            "g2b1_conv2_kernel",
            "g2b1_shortcut_kernel",
            "g3b1_conv1_kernel",
            "g3b1_conv1_bias",
            "g3b1_conv2_kernel",
            "g3b1_shortcut_kernel",
            "fc_kernel",
            "fc_bias",
            "g1b1_bn1_scale",
            "g1b1_bn1_offset",
            "g2b1_bn1_scale",
            "g2b1_bn1_offset",
            "g3b1_bn1_scale",
            "g3b1_bn1_offset",
            "bn_final_scale",
            "bn_final_offset"),
        List.copyOf(folded.variables().keySet()));
    DeployedLayout plain = DeployedLayout.of(ModelSpec.of("wrn-10-1", 10, "kflo:2x4"), false);
    // Folding removes 4 vectors per folded BN and adds a bias; standalone BNs keep 2 of their 4
    // vectors.
    long bn2 = 16 + 32 + 64;
    long bn1AndFinal = 16 + 16 + 32 + 64;
    assertEquals(plain.parameterCount() - 3 * bn2 - 2 * bn1AndFinal, folded.parameterCount());
  }

  @Test
  void layoutOfCifarQuickHasNoBatchNormVariablesOnceFolded() {
    DeployedLayout folded = DeployedLayout.of(ModelSpec.of("cifar-quick", 10, "plain"), true);
    assertEquals(
        List.of(
            "conv1_kernel",
            "conv1_bias",
            "conv2_kernel",
            "conv2_bias",
            "conv3_kernel",
            "conv3_bias",
            "fc1_kernel",
            "fc1_bias",
            "fc2_kernel",
            "fc2_bias"),
        List.copyOf(folded.variables().keySet()));
    assertEquals(List.of(), folded.standaloneBatchNorms());
  }

  @Test
  void refusesValuesOfTheWrongSize() {
    float[] kernel = new float[5];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BatchNormFolding.foldIntoConv(
                    kernel, null, new float[2], new float[2], new float[2], new float[2]));
    assertEquals("a kernel of 5 values cannot have 2 output channels", e.getMessage());
  }
}
