package io.kflo4j.graph.reparam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.layers.LayerFactory;
import io.kflo4j.graph.layers.Padding;
import io.kflo4j.graph.variables.VariableStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

class ParameterizationsTest {

  @Test
  void parsesEveryRegisteredForm() {
    assertInstanceOf(PlainParameterization.class, Parameterizations.parse("plain"));
    KfloParameterization kflo = (KfloParameterization) Parameterizations.parse(" KFLO:3x2 ");
    assertEquals(3, kflo.depth());
    assertEquals(2, kflo.width());
    assertEquals("kflo:3x2", kflo.spec());
    assertEquals("kflo:2x4", Parameterizations.parse("kflo").spec());
    assertEquals("kflo:2x1", Parameterizations.parse("kflo:2x1").spec());
    assertInstanceOf(AcnetParameterization.class, Parameterizations.parse("ACNet"));
    assertInstanceOf(DoConvParameterization.class, Parameterizations.parse("doconv"));
    for (String spec : List.of("plain", "kflo:2x4", "kflo:3x2", "acnet", "doconv")) {
      assertEquals(spec, Parameterizations.parse(spec).spec());
    }
  }

  @Test
  void rejectsBadSpecsWithTheAcceptedForms() {
    List<String> forms =
        List.of(
            "plain ",
            "kflo:BxR ",
            "acnet ",
            "doconv ",
            "dirac ",
            "symmetric:triangular|average ",
            "shared-basis:S[+U][:ortho=X] ",
            "repeat:F ");
    List<String> usages = Parameterizations.usages();
    assertEquals(forms.size(), usages.size());
    for (int i = 0; i < forms.size(); i++) {
      assertTrue(usages.get(i).startsWith(forms.get(i)), usages.get(i));
    }
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> Parameterizations.parse("hyper"));
    assertEquals(
        "unknown parameterization 'hyper': expected one of " + String.join("; ", usages),
        unknown.getMessage());
    IllegalArgumentException depth =
        assertThrows(IllegalArgumentException.class, () -> Parameterizations.parse("kflo:1x4"));
    assertEquals(
        "bad parameterization 'kflo:1x4': KFLO depth B must be >= 2, got 1", depth.getMessage());
    IllegalArgumentException width =
        assertThrows(IllegalArgumentException.class, () -> Parameterizations.parse("kflo:2x0"));
    assertEquals(
        "bad parameterization 'kflo:2x0': KFLO width R must be >= 1, got 0", width.getMessage());
  }

  @Test
  void trainParameterCountsFollowTheShapes() {
    // conv 5x5, 3 -> 32, followed by batch norm
    assertEquals(2400, convParameters("plain", 5, true));
    assertEquals(75 * 128 + 128 * 32, convParameters("kflo:2x4", 5, true)); // W1 75x128, W2 128x32
    // branches 5x5, 5x1, 1x5 (75, 15, 15 x 32) and three batch norms of 4 x 32
    assertEquals((75 + 15 + 15) * 32 + 3 * 4 * 32, convParameters("acnet", 5, true));
    assertEquals(
        (75 + 15 + 15) * 32,
        convParameters("acnet", 5, false)); // no batch norm after: branches only
    assertEquals(
        75 * 32 + 25 * 25 * 3, convParameters("doconv", 5, true)); // W [25, 3, 32], D [25, 25, 3]
    for (String plainForOneByOne : List.of("acnet", "doconv")) {
      assertEquals(3 * 32, convParameters(plainForOneByOne, 1, true), plainForOneByOne);
      assertEquals(64 * 10 + 10, denseParameters(plainForOneByOne, 64, 10), plainForOneByOne);
    }
    // kflo:3x2: W1 64x20, W2 20x20, W3 20x10, b1 20
    assertEquals(64 * 20 + 400 + 200 + 20, denseParameters("kflo:3x2", 64, 10));
  }

  @Test
  void everyTransferTargetSaysHowManySourcesItHolds() {
    assertEquals(
        1,
        Parameterizations.parse("plain").capability(SourceStacking.class).orElseThrow().capacity());
    assertEquals(
        4,
        Parameterizations.parse("kflo:3x4")
            .capability(SourceStacking.class)
            .orElseThrow()
            .capacity());
    assertTrue(Parameterizations.parse("acnet").capability(SourceStacking.class).isEmpty());
    assertTrue(Parameterizations.parse("doconv").capability(SourceStacking.class).isEmpty());
  }

  private static long convParameters(String spec, int k, boolean batchNormAfter) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      LayerFactory factory =
          new LayerFactory(tf, new VariableStore(tf), Parameterizations.parse(spec), 0);
      var conv =
          batchNormAfter
              ? factory.convBeforeBatchNorm("conv1", k, 3, 32, 1, Padding.SAME)
              : factory.conv("conv1", k, 3, 32, 1, Padding.SAME);
      return conv.generated().trainParameters();
    }
  }

  private static long denseParameters(String spec, int in, int out) {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      LayerFactory factory =
          new LayerFactory(tf, new VariableStore(tf), Parameterizations.parse(spec), 0);
      return factory.dense("fc2", in, out).generated().trainParameters();
    }
  }
}
