package io.kflo4j.graph.reparam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.variables.ModelVariable;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

/** Each seed paper's deployed kernel against its formula computed in Java in double precision. */
class SeedPaperParameterizationsTest {
  private static final double TOLERANCE = 1e-5;

  @Test
  void diracIsScaledIdentityPlusScaledNormalizedFilters() {
    try (BuiltModel built = BuiltModel.of("cifar-quick", "dirac")) {
      built.randomize("_dirac_a", 0.5, 1.5);
      built.randomize("_dirac_b", -0.5, 0.5);
      Map<String, float[]> v = built.variables();
      assertEquals(
          v.keySet().stream().filter(n -> n.contains("_dirac_")).toList().toString(),
          "[conv2_dirac_w, conv2_dirac_a, conv2_dirac_b]",
          "only conv2 (32 -> 32) has equal channels");
      int k = 5;
      int c = 32;
      float[] w = v.get("conv2_dirac_w");
      double[] norm = new double[c];
      for (int i = 0; i < w.length; i++) {
        norm[i % c] += w[i] * w[i];
      }
      float[] actual = built.deployed().get("conv2_kernel");
      double maxDiff = 0;
      for (int i = 0; i < w.length; i++) {
        int o = i % c;
        int in = (i / c) % c;
        int position = i / (c * c);
        double dirac = position == (k / 2) * k + k / 2 && in == o ? v.get("conv2_dirac_a")[o] : 0;
        double expected = dirac + v.get("conv2_dirac_b")[o] * w[i] / Math.sqrt(norm[o]);
        maxDiff = Math.max(maxDiff, Math.abs(expected - actual[i]));
      }
      assertTrue(maxDiff <= TOLERANCE, "dirac conv2 differs by " + maxDiff);
    }
  }

  @Test
  void triangularSymmetricReadsTheDiagonalAndMirrorsTheUpperTriangle() {
    try (BuiltModel built = BuiltModel.of("cifar-quick", "symmetric:triangular")) {
      Map<String, float[]> v = built.variables();
      int c = 32;
      int upperCount = c * (c - 1) / 2;
      assertEquals(25 * upperCount, v.get("conv2_sym_upper").length);
      assertEquals(25 * c, v.get("conv2_sym_diag").length);
      float[] actual = built.deployed().get("conv2_kernel");
      for (int p = 0; p < 25; p++) {
        for (int i = 0; i < c; i++) {
          for (int o = 0; o < c; o++) {
            float expected;
            if (i == o) {
              expected = v.get("conv2_sym_diag")[p * c + i];
            } else {
              // the upper triangle row by row: row lo holds columns lo+1 .. c-1
              int lo = Math.min(i, o);
              int hi = Math.max(i, o);
              int offset = 0;
              for (int row = 0; row < lo; row++) {
                offset += c - 1 - row;
              }
              expected = v.get("conv2_sym_upper")[p * upperCount + offset + hi - lo - 1];
            }
            assertEquals(
                expected,
                actual[(p * c + i) * c + o],
                0f,
                "position " + p + " (" + i + ", " + o + ")");
          }
        }
      }
    }
  }

  @Test
  void averageSymmetricIsHalfTheSumWithTheChannelTranspose() {
    try (BuiltModel built = BuiltModel.of("cifar-quick", "symmetric:average")) {
      float[] w = built.variables().get("conv2_sym_w");
      float[] actual = built.deployed().get("conv2_kernel");
      int c = 32;
      double maxDiff = 0;
      for (int p = 0; p < 25; p++) {
        for (int i = 0; i < c; i++) {
          for (int o = 0; o < c; o++) {
            double expected = (w[(p * c + i) * c + o] + w[(p * c + o) * c + i]) / 2.0;
            maxDiff = Math.max(maxDiff, Math.abs(expected - actual[(p * c + i) * c + o]));
          }
        }
      }
      assertTrue(maxDiff <= TOLERANCE, "symmetric:average conv2 differs by " + maxDiff);
    }
  }

  @Test
  void sharedBasisLayersShareOneBasisCountedOnceAndAddTheOrthogonalityPenalty() {
    // wrn-10-1: 3x3 convs with 16 -> 16 channels are g1b1_conv1 and g1b1_conv2; 32 -> 32
    // g2b1_conv2; 64 -> 64 g3b1_conv2
    try (BuiltModel built = BuiltModel.of("wrn-10-1", "shared-basis:8+2:ortho=0.01")) {
      Map<String, float[]> v = built.variables();
      assertEquals(
          java.util.List.of("basis_shared_k3_c16", "basis_shared_k3_c32", "basis_shared_k3_c64"),
          v.keySet().stream().filter(n -> n.startsWith("basis_shared_")).sorted().toList());
      float[] basis = v.get("basis_shared_k3_c16");
      Map<String, float[]> deployed = built.deployed();
      for (String layer : new String[] {"g1b1_conv1", "g1b1_conv2"}) {
        float[] own = v.get(layer + "_basis_own");
        float[] coef = v.get(layer + "_basis_coef");
        int rows = 9 * 16;
        double maxDiff = 0;
        for (int r = 0; r < rows; r++) {
          for (int o = 0; o < 16; o++) {
            double expected = 0;
            for (int s = 0; s < 10; s++) {
              double filter = s < 8 ? basis[r * 8 + s] : own[r * 2 + s - 8];
              expected += filter * coef[s * 16 + o];
            }
            maxDiff =
                Math.max(maxDiff, Math.abs(expected - deployed.get(layer + "_kernel")[r * 16 + o]));
          }
        }
        assertTrue(maxDiff <= TOLERANCE, layer + " differs from [B | B_L] C by " + maxDiff);
      }
      long layerSpecific = 0;
      for (ModelVariable variable : built.model().variables().all()) {
        if (variable.name().contains("_basis_")) {
          layerSpecific += variable.size();
        }
      }
      // 4 layers: own [9c, 2] and coef [10, c]; bases [9c, 8] once per group
      assertEquals(
          2 * (9 * 16 * 2 + 10 * 16) + (9 * 32 * 2 + 10 * 32) + (9 * 64 * 2 + 10 * 64),
          layerSpecific);
      double penalty = 0;
      for (int c : new int[] {16, 32, 64}) {
        float[] b = v.get("basis_shared_k3_c" + c);
        for (int s = 0; s < 8; s++) {
          for (int t = 0; t < 8; t++) {
            double dot = 0;
            for (int r = 0; r < 9 * c; r++) {
              dot += (double) b[r * 8 + s] * b[r * 8 + t];
            }
            penalty += Math.pow(dot - (s == t ? 1 : 0), 2);
          }
        }
      }
      try (Result result = built.session().runner().fetch(built.model().penalty()).run()) {
        float actual = ((TFloat32) result.get(0)).getFloat();
        assertEquals(0.01 * penalty, actual, 1e-5 * Math.max(1, penalty), "orthogonality penalty");
      }
    }
  }

  @Test
  void repeatScalesEachCopyOfTheSmallTensorAlongTheInputAxis() {
    try (BuiltModel built = BuiltModel.of("cifar-quick", "repeat:2")) {
      built.randomize("_repeat_alpha", -2, 2);
      Map<String, float[]> v = built.variables();
      assertTrue(v.containsKey("conv1_kernel"), "conv1's 3 inputs are not divisible by 2: plain");
      checkRepeat(v, built.deployed(), "conv2", 25, 32, 32);
      checkRepeat(v, built.deployed(), "fc1", 1, 576, 64);
    }
  }

  /** A factor that divides no layer's input channels would train a plain network: refused. */
  @Test
  void aRepetitionThatFitsNoLayerIsRefused() {
    assertEquals(
        "reparam repeat:5 fits no kernel layer of cifar-quick (layers conv1 3 in, conv2 32 in,"
            + " conv3 32 in, fc1 576 in, fc2 64 in): every layer would train plain; choose a"
            + " parameterization that fits",
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () ->
                    io.kflo4j.graph.Model.inspect(
                        io.kflo4j.graph.ModelSpec.of("cifar-quick", 10, "repeat:5"), m -> m))
            .getMessage());
  }

  private static void checkRepeat(
      Map<String, float[]> v,
      Map<String, float[]> deployed,
      String layer,
      int positions,
      int in,
      int out) {
    float[] small = v.get(layer + "_repeat_t");
    float[] alpha = v.get(layer + "_repeat_alpha");
    float[] actual = deployed.get(layer + "_kernel");
    int half = in / 2;
    IntUnaryOperator copy = i -> i / half;
    double maxDiff = 0;
    for (int p = 0; p < positions; p++) {
      for (int i = 0; i < in; i++) {
        for (int o = 0; o < out; o++) {
          double expected =
              alpha[copy.applyAsInt(i) * out + o] * small[(p * half + i % half) * out + o];
          maxDiff = Math.max(maxDiff, Math.abs(expected - actual[(p * in + i) * out + o]));
        }
      }
    }
    assertTrue(maxDiff <= TOLERANCE, layer + " differs from the scaled repetition by " + maxDiff);
  }

  @Test
  void everySeedPaperSpecParsesBackToItself() {
    for (String spec :
        new String[] {
          "dirac",
          "symmetric:triangular",
          "symmetric:average",
          "shared-basis:16+4:ortho=0.001",
          "repeat:2"
        }) {
      assertEquals(spec, Parameterizations.parse(spec).spec());
    }
    assertEquals(
        "shared-basis:16+4:ortho=0.001", Parameterizations.parse("shared-basis:16").spec());
    assertEquals(
        "bad parameterization 'repeat:1': repetition factor F must be >= 2, got 1",
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> Parameterizations.parse("repeat:1"))
            .getMessage());
  }
}
