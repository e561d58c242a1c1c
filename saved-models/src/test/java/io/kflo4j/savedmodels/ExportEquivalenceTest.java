package io.kflo4j.savedmodels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.savedmodels.deploy.DeployedLayout;
import io.kflo4j.savedmodels.images.Pixels;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The equivalence checks: export, load and compare with the training graph for plain,
 * kflo:2x4, kflo:3x2, acnet and doconv on Cifar-quick and WRN-10-1 (and the two baselines on
 * VGG16), the seed papers' parameterizations on WRN-10-1, with and without folded batch norms.
 */
@Tag("slow")
@Tag("numerics")
class ExportEquivalenceTest {
  @TempDir Path tmp;

  static Stream<Arguments> models() {
    return Stream.of("cifar-quick", "wrn-10-1")
        .flatMap(
            arch ->
                Stream.of("plain", "kflo:2x4", "kflo:3x2")
                    .map(reparam -> Arguments.of(arch, reparam)));
  }

  /**
   * The baselines (Cifar-quick, WRN-10-1, VGG16) and the seed papers' parameterizations (WRN-10-1,
   * dirac also on DiracNet-10-1). Apart from {@link #models()} so that only plain and KFLO run
   * again on the AVX2 path (the root pom's extra execution runs this class by name, and {@link
   * ParameterizationExportTest} is not in it).
   */
  static Stream<Arguments> otherParameterizations() {
    Stream<Arguments> baselines =
        Stream.of("cifar-quick", "wrn-10-1", "vgg16")
            .flatMap(
                arch -> Stream.of("acnet", "doconv").map(reparam -> Arguments.of(arch, reparam)));
    Stream<Arguments> seedPapers =
        Stream.of(
                "dirac",
                "symmetric:triangular",
                "symmetric:average",
                "shared-basis:8+2:ortho=0.001",
                "repeat:2")
            .map(reparam -> Arguments.of("wrn-10-1", reparam));
    return Stream.of(baselines, seedPapers, Stream.of(Arguments.of("diracnet-10-1", "dirac")))
        .flatMap(arguments -> arguments);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("models")
  void exportedModelComputesWhatTheTrainedNetworkComputes(String arch, String reparam) {
    checkExport(arch, reparam, tmp);
  }

  /**
   * Exports, reloads and compares {@code arch} with {@code reparam}, unfolded and folded, in {@code
   * tmp}.
   */
  static void checkExport(String arch, String reparam, Path tmp) {
    try (TrainedFixture trained = TrainedFixture.trained(arch, reparam, 5)) {
      for (boolean fold : new boolean[] {false, true}) {
        Path target = tmp.resolve(fold ? "folded" : "unfolded");
        ExportReport report = ModelExporter.export(trained.request(target, fold).build());

        assertTrue(report.equivalence().passed(), report.equivalence().toString());
        assertTrue(
            report.equivalence().maxAbsDifference() <= 1e-4, report.equivalence().toString());
        assertEquals(0, report.equivalence().classMismatches());
        DeployedLayout layout = DeployedLayout.of(trained.model.spec(), fold);
        assertEquals(layout.parameterCount(), report.content().parameters());

        // Independently of the exporter's own check: load and compare on other images.
        ImageSet images = ImageSet.random(Equivalence.MIN_IMAGES, TrainedFixture.CLASSES, 1234);
        byte[] nhwc = Pixels.planarToNhwc(images.pixels(), 0, images.size());
        float[] expected =
            trained.logits(Pixels.normalize(nhwc, Normalization.standard()), images.size());
        float largest = 0;
        for (float logit : expected) {
          largest = Math.max(largest, Math.abs(logit));
        }
        assertTrue(
            largest > 1,
            "logits of order " + largest + " would make the 1e-4 tolerance meaningless");
        try (ExportedModel exported = ExportedModel.load(target)) {
          Classification actual = exported.classify(nhwc, images.size());
          float maxDiff = 0;
          for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual.logits()[i]));
          }
          assertTrue(
              maxDiff <= 1e-4, arch + " " + reparam + " fold=" + fold + ": max diff " + maxDiff);
          for (int n = 0; n < images.size(); n++) {
            assertEquals(
                Evaluation.argmax(expected, n * 10, 10),
                actual.classes()[n],
                "class of image " + n);
          }
          assertEquals(layout.variables().keySet(), exported.variableShapes().keySet());
          assertEquals(fold, exported.metadata().batchNormFolded());
          assertEquals(reparam, exported.metadata().parameterization());
          Map<String, float[]> variables = exported.readVariables();
          if (!fold) {
            Map<String, float[]> deployed = trained.deployedValues();
            assertEquals(deployed.keySet(), variables.keySet());
            deployed.forEach((name, value) -> assertArrayEquals(value, variables.get(name), name));
          } else {
            assertFalse(
                variables.keySet().stream()
                    .anyMatch(n -> n.contains("_moving_") || n.endsWith("_gamma")),
                variables.keySet().toString());
          }
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void perChannelNormalizationIsBuiltIntoTheGraph() {
    Normalization cifar =
        Normalization.of(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});
    try (TrainedFixture trained = TrainedFixture.trained("cifar-quick", "kflo:2x4", 8)) {
      Path target = tmp.resolve("per-channel");
      ExportReport report =
          ModelExporter.export(trained.request(target, true).optNormalization(cifar).build());
      assertTrue(report.equivalence().passed(), report.equivalence().toString());
      try (ExportedModel exported = ExportedModel.load(target)) {
        assertArrayEquals(cifar.mean(), exported.metadata().normalization().mean());
        assertArrayEquals(cifar.std(), exported.metadata().normalization().std());
        byte[] pixels = new byte[4 * 3072];
        new java.util.Random(5).nextBytes(pixels);
        float[] expected = trained.logits(Pixels.normalize(pixels, cifar), 4);
        float[] actual = exported.logits(pixels, 4);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 1e-4f, "logit " + i);
        }
      }
    }
  }
}
