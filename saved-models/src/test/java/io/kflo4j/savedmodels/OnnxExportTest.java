package io.kflo4j.savedmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.savedmodels.images.Pixels;
import io.kflo4j.savedmodels.onnx.OnnxFormat;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.ModelProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.TensorProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ONNX export of trained networks: ONNX Runtime's logits equal the trained network's within
 * 1e-4 (the exporter's own check, and again here on other images), unfolded and folded, for plain,
 * KFLO and ACNet Cifar-quick and a KFLO WRN (residual adds, pre-activation batch norms).
 */
class OnnxExportTest {
  @TempDir Path tmp;

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("cifar-quick", "plain", ExportFormat.ONNX, 3),
        Arguments.of("cifar-quick", "kflo:2x4", ExportFormat.BOTH, 3),
        Arguments.of("cifar-quick", "acnet", ExportFormat.ONNX, 3),
        Arguments.of("wrn-10-1", "kflo:2x4", ExportFormat.ONNX, 7));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("models")
  void onnxRuntimeComputesWhatTheTrainedNetworkComputes(
      String arch, String reparam, ExportFormat format, int batchNorms) throws IOException {
    try (TrainedFixture trained = TrainedFixture.trained(arch, reparam, 5)) {
      for (boolean fold : new boolean[] {false, true}) {
        Path target = tmp.resolve(fold ? "folded" : "unfolded");
        ExportReport report =
            ModelExporter.export(trained.request(target, fold).optFormat(format).build());

        Equivalence checked = report.onnx().orElseThrow().equivalence();
        assertTrue(checked.passed(), checked.toString());
        assertEquals(Equivalence.MIN_IMAGES, checked.images());
        assertEquals(format.savedModel(), report.savedModel().isPresent());
        Path file = target.resolve(OnnxFormat.MODEL_FILE);
        assertEquals(file, report.onnx().get().file());
        try (Stream<Path> entries = Files.list(target)) {
          List<String> names = entries.map(p -> p.getFileName().toString()).sorted().toList();
          assertEquals(
              format.savedModel()
                  ? List.of("assets", "model.onnx", "saved_model.pb", "variables")
                  : List.of("model.onnx"),
              names);
        }

        ImageSet images = ImageSet.random(Equivalence.MIN_IMAGES, TrainedFixture.CLASSES, 4321);
        byte[] nhwc = Pixels.planarToNhwc(images.pixels(), 0, images.size());
        float[] expected =
            trained.logits(Pixels.normalize(nhwc, Normalization.standard()), images.size());
        try (OnnxModel onnx = OnnxModel.load(file)) {
          Classification actual = onnx.classify(nhwc, images.size());
          double maxDiff = 0;
          double largest = 0;
          for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual.logits()[i]));
            largest = Math.max(largest, Math.abs(expected[i]));
          }
          assertTrue(largest > 1, "logits of order " + largest + " make 1e-4 meaningless");
          assertTrue(maxDiff <= 1e-4, arch + " " + reparam + " fold=" + fold + ": " + maxDiff);
          for (int n = 0; n < images.size(); n++) {
            assertEquals(
                Evaluation.argmax(expected, n * 10, 10), actual.classes()[n], "class of " + n);
            float sum = 0;
            for (int c = 0; c < 10; c++) {
              sum += actual.probabilities()[n * 10 + c];
            }
            assertEquals(1f, sum, 1e-5f, "probabilities of image " + n);
          }
          assertEquals(fold, onnx.metadata().batchNormFolded());
          assertEquals(reparam, onnx.metadata().parameterization());
          assertEquals(
              checked.maxAbsDifference(),
              onnx.metadata().verification().orElseThrow().maxAbsLogitDifference());
          checkModelProto(onnx.model(), fold ? 0 : batchNorms);
        }
      }
    }
  }

  /** Opset, input, outputs, class names and the batch norms (kept or folded away). */
  private static void checkModelProto(ModelProto model, int batchNorms) {
    assertEquals(OnnxFormat.OPSET, model.getOpsetImport(0).getVersion());
    assertEquals(1, model.getGraph().getInputCount());
    ValueInfoProto input = model.getGraph().getInput(0);
    assertEquals("images", input.getName());
    assertEquals(TensorProto.DataType.UINT8_VALUE, input.getType().getTensorType().getElemType());
    assertEquals(
        List.of("N", "32", "32", "3"),
        input.getType().getTensorType().getShape().getDimList().stream()
            .map(d -> d.hasDimParam() ? d.getDimParam() : Long.toString(d.getDimValue()))
            .toList());
    assertEquals(
        List.of("logits", "probabilities", "classes"),
        model.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList());
    assertEquals(
        "[\"class0\",\"class1\",\"class2\",\"class3\",\"class4\",\"class5\",\"class6\",\"class7\",\"class8\",\"class9\"]",
        model.getMetadataPropsList().stream()
            .filter(p -> p.getKey().equals(OnnxFormat.CLASS_NAMES_KEY))
            .findFirst()
            .orElseThrow()
            .getValue());
    // An unfolded batch norm is a per-channel affine whose scale the translator computed from the
    // variables (<bn>_inference_scale); folded, the scale is in the conv kernels.
    assertEquals(
        batchNorms,
        model.getGraph().getInitializerList().stream()
            .filter(initializer -> initializer.getName().contains("_inference_scale"))
            .count());
  }
}
