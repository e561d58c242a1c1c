package io.kflo4j.graph.reparam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ParameterizationsTest {

  @Test
  void parsesPlainAndKflo() {
    assertInstanceOf(PlainParameterization.class, Parameterizations.parse("plain"));
    KfloParameterization kflo = (KfloParameterization) Parameterizations.parse(" KFLO:3x2 ");
    assertEquals(3, kflo.depth());
    assertEquals(2, kflo.width());
    assertEquals("kflo:3x2", kflo.spec());
    assertEquals("kflo:2x4", Parameterizations.parse("kflo").spec());
    assertEquals("kflo:2x1", Parameterizations.parse("kflo:2x1").spec());
  }

  @Test
  void rejectsBadSpecsWithTheAcceptedForms() {
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> Parameterizations.parse("acnet"));
    assertEquals("unknown parameterization 'acnet': expected 'plain' or 'kflo:BxR' (B >= 2, R >= 1), e.g. kflo:2x4",
        unknown.getMessage());
    IllegalArgumentException depth =
        assertThrows(IllegalArgumentException.class, () -> Parameterizations.parse("kflo:1x4"));
    assertEquals("bad parameterization 'kflo:1x4': KFLO depth B must be >= 2, got 1", depth.getMessage());
    IllegalArgumentException width =
        assertThrows(IllegalArgumentException.class, () -> Parameterizations.parse("kflo:2x0"));
    assertEquals("bad parameterization 'kflo:2x0': KFLO width R must be >= 1, got 0", width.getMessage());
  }

  @Test
  void trainParameterCountsFollowTheShapes() {
    KernelShape conv = KernelShape.conv("conv1", 5, 5, 3, 32, false);
    assertEquals(2400, new PlainParameterization().trainParameters(conv));
    // kflo:2x4: W1 75x128, W2 128x32
    assertEquals(75 * 128 + 128 * 32, new KfloParameterization(2, 4).trainParameters(conv));
    KernelShape dense = KernelShape.dense("fc2", 64, 10, true);
    // kflo:3x2: W1 64x20, W2 20x20, W3 20x10, b1 20
    assertEquals(64 * 20 + 400 + 200 + 20, new KfloParameterization(3, 2).trainParameters(dense));
    assertEquals(650, dense.deployedParameters());
  }
}
