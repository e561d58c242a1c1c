package io.kflo4j.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelSummaryTest {

  @Test
  void cifarQuickFlopsAndCountsByHand() {
    ModelSummary summary = ModelSummary.of(ModelSpec.of("cifar-quick", 10, "kflo:2x4"));
    assertEquals(5, summary.layers().size());
    // conv1: 32x32 outputs, conv2: 15x15, conv3: 7x7; 2 FLOPs per multiply-add; dense biases add
    // out.
    long expected =
        2L * 75 * 32 * 1024
            + 2L * 800 * 32 * 225
            + 2L * 800 * 64 * 49
            + (2L * 576 * 64 + 64)
            + (2L * 64 * 10 + 10);
    assertEquals(expected, summary.forwardFlops());
    assertEquals(117_290, summary.deployedParameters());
    assertArrayEquals(new long[] {5, 5, 3, 32}, summary.layers().get(0).deployedShape());
    assertEquals(
        "conv1_kflo_w1[5, 5, 3, 128] conv1_kflo_w2[128, 32]",
        summary.layers().get(0).trainShapes());
    String table = summary.format();
    assertTrue(table.contains("deployed 117,290"), table);
  }

  @Test
  void baselinesDeployThePlainModelAndCountTheirExtrasByHand() {
    // cifar-quick convs: 5x5 3->32, 5x5 32->32, 5x5 32->64, each before a batch norm; fc1 576->64,
    // fc2 64->10.
    long[][] convs = {{3, 32}, {32, 32}, {32, 64}};
    long acnetExtra = 0;
    long doconvExtra = 0;
    for (long[] conv : convs) {
      acnetExtra +=
          2 * 5 * conv[0] * conv[1]
              + 3 * 4 * conv[1]; // 5x1 and 1x5 kernels, three branch batch norms
      doconvExtra += 25 * 25 * conv[0]; // D [25, 25, in]
    }
    ModelSummary plain = ModelSummary.of(ModelSpec.of("cifar-quick", 10, "plain"));
    ModelSummary acnet = ModelSummary.of(ModelSpec.of("cifar-quick", 10, "acnet"));
    ModelSummary doconv = ModelSummary.of(ModelSpec.of("cifar-quick", 10, "doconv"));
    assertEquals(117_290, acnet.deployedParameters());
    assertEquals(117_290, doconv.deployedParameters());
    assertEquals(plain.forwardFlops(), acnet.forwardFlops());
    assertEquals(plain.trainParameters() + acnetExtra, acnet.trainParameters());
    assertEquals(plain.trainParameters() + doconvExtra, doconv.trainParameters());
    assertEquals(
        "conv1_doconv_w[25, 3, 32] conv1_doconv_d[25, 25, 3]",
        doconv.layers().get(0).trainShapes());
    assertEquals("fc1_kernel[576, 64] fc1_bias[64]", acnet.layers().get(3).trainShapes());
  }

  @Test
  void diracNetIsTheWrnLayoutWithoutSkipsAndDiracAddsTwoScalesPerEqualChannelConv() {
    // diracnet-10-1: conv0 3->16; g1c1 16->16, g1c2 16->16; pool; g2c1 16->32, g2c2 32->32; pool;
    // g3c1 32->64,
    // g3c2 64->64; each conv with a batch norm (4 x channels); fc 64->10 with bias.
    long kernels =
        27 * 16 + 2 * 144 * 16 + 144 * 32 + 288 * 32 + 288 * 64 + 576 * 64 + 64 * 10 + 10;
    long batchNorms = 4 * (16 + 16 + 16 + 32 + 32 + 64 + 64);
    ModelSummary plain = ModelSummary.of(ModelSpec.of("diracnet-10-1", 10, "plain"));
    ModelSummary dirac = ModelSummary.of(ModelSpec.of("diracnet-10-1", 10, "dirac"));
    assertEquals(8, plain.layers().size());
    assertEquals(kernels + batchNorms, plain.deployedParameters());
    assertEquals(kernels + batchNorms, dirac.deployedParameters());
    // a and b on g1c1, g1c2, g2c2, g3c2
    assertEquals(kernels + batchNorms + 2 * (16 + 16 + 32 + 64), dirac.trainParameters());
    assertEquals(
        "g2c2_dirac_w[3, 3, 32, 32] g2c2_dirac_a[32] g2c2_dirac_b[32]",
        dirac.layers().get(4).trainShapes());
  }

  @Test
  void sharedBasisCountsEachSharedBasisOnceAndSaysSo() {
    // wrn-10-1, shared-basis:8+2: bases [9c, 8] for c = 16, 32, 64; 3x3 convs with c -> c channels:
    // g1b1_conv1,
    // g1b1_conv2 (16), g2b1_conv2 (32), g3b1_conv2 (64), each own [9c, 2] and coefficients [10, c]
    // instead of [9c, c].
    ModelSummary plain = ModelSummary.of(ModelSpec.of("wrn-10-1", 10, "plain"));
    ModelSummary shared = ModelSummary.of(ModelSpec.of("wrn-10-1", 10, "shared-basis:8+2"));
    long bases = 9 * 16 * 8 + 9 * 32 * 8 + 9 * 64 * 8;
    long layers = 0;
    for (int c : new int[] {16, 16, 32, 64}) {
      layers += 9L * c * 2 + 10L * c - 9L * c * c;
    }
    assertEquals(plain.trainParameters() + bases + layers, shared.trainParameters());
    assertEquals(plain.deployedParameters(), shared.deployedParameters());
    assertEquals(
        java.util.List.of(
            "basis_shared_k3_c16[144, 8]",
            "basis_shared_k3_c32[288, 8]",
            "basis_shared_k3_c64[576, 8]"),
        shared.sharedVariables());
    assertTrue(
        shared
            .format()
            .contains("shared by several layers (counted once): basis_shared_k3_c16[144, 8] "),
        shared.format());
    assertEquals(java.util.List.of(), plain.sharedVariables());
  }
}
