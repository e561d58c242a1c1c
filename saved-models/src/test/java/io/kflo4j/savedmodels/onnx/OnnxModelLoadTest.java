package io.kflo4j.savedmodels.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.InferenceModel;
import io.kflo4j.savedmodels.OnnxModel;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.images.Pixels;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.GraphProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.ModelProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.NodeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.TensorProto;
import io.kflo4j.savedmodels.testing.SmallModels;
import io.kflo4j.savedmodels.trust.ModelTrust;
import io.kflo4j.savedmodels.trust.UntrustedModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading ONNX models: a kflo4j export loads and gives the SavedModel's logits; anything beyond
 * what kflo4j writes is refused before ONNX Runtime sees it, unless trusted.
 */
class OnnxModelLoadTest {
  @TempDir static Path exported;
  @TempDir Path tmp;

  static Path onnx;
  static ModelProto model;

  @BeforeAll
  static void export() throws IOException {
    onnx = SmallModels.exportOnnx(exported.resolve("m1"), false);
    model = ModelProto.parseFrom(Files.readAllBytes(onnx));
  }

  @Test
  void anExportLoadsAsAnInferenceModelAndGivesTheSavedModelsLogits() {
    Path savedModel = SmallModels.shared();
    byte[] pixels = new byte[3 * Pixels.IMAGE_BYTES];
    new Random(9).nextBytes(pixels);
    try (InferenceModel loaded = InferenceModel.load(onnx, ModelTrust.CHECKED);
        ExportedModel reference = ExportedModel.load(savedModel)) {
      assertTrue(loaded instanceof OnnxModel);
      assertEquals("m1-onnx", loaded.name());
      assertEquals(reference.metadata().classNames(), loaded.metadata().classNames());
      float[] expected = reference.logits(pixels, 3);
      float[] actual = loaded.logits(pixels, 3);
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], actual[i], 1e-4f, "logit " + i);
      }
    }
  }

  @Test
  void anOpTypeKfloDoesNotWriteIsRefused() throws IOException {
    Path file =
        edited(m -> withGraph(m, g -> g.setNode(0, g.getNode(0).toBuilder().setOpType("Loop"))));
    UntrustedModelException e =
        assertThrows(UntrustedModelException.class, () -> OnnxModel.load(file));
    assertEquals(
        "refusing to run ONNX model "
            + file
            + ": node '"
            + model.getGraph().getNode(0).getName()
            + "' is a Loop, not one of the op types kflo4j writes [Add, ArgMax, AveragePool,"
            + " BatchNormalization, Cast, Conv, Identity, MatMul, MaxPool, Mul, ReduceMean, Relu,"
            + " Reshape, Softmax, Transpose]",
        e.getMessage());
  }

  @Test
  void aCustomDomainIsRefused() throws IOException {
    Path file =
        edited(m -> withGraph(m, g -> g.setNode(1, g.getNode(1).toBuilder().setDomain("com.x"))));
    UntrustedModelException e =
        assertThrows(UntrustedModelException.class, () -> OnnxModel.load(file));
    NodeProto node = model.getGraph().getNode(1);
    assertEquals(
        "refusing to run ONNX model "
            + file
            + ": node '"
            + node.getName()
            + "' is "
            + node.getOpType()
            + " of the operator domain 'com.x'",
        e.getMessage());
  }

  @Test
  void anInitializerInAnotherFileIsRefused() throws IOException {
    Path file =
        edited(
            m ->
                withGraph(
                    m,
                    g ->
                        g.setInitializer(
                            0,
                            g.getInitializer(0).toBuilder()
                                .setDataLocation(TensorProto.DataLocation.EXTERNAL))));
    UntrustedModelException e =
        assertThrows(UntrustedModelException.class, () -> OnnxModel.load(file));
    assertEquals(
        "refusing to run ONNX model "
            + file
            + ": initializer '"
            + model.getGraph().getInitializer(0).getName()
            + "' is stored in another file",
        e.getMessage());
  }

  @Test
  void anotherOpsetIsRefused() throws IOException {
    Path file =
        edited(
            m ->
                m.toBuilder()
                    .setOpsetImport(0, m.getOpsetImport(0).toBuilder().setVersion(18))
                    .build());
    UntrustedModelException e =
        assertThrows(UntrustedModelException.class, () -> OnnxModel.load(file));
    assertEquals(
        "refusing to run ONNX model "
            + file
            + ": it imports the operator sets [ai.onnx version 18], kflo4j writes only ai.onnx"
            + " version 17",
        e.getMessage());
  }

  @Test
  void anExtraOutputIsRefusedUnlessTrusted() throws IOException {
    Path file =
        edited(
            m ->
                withGraph(
                    m,
                    g ->
                        g.addOutput(
                            OnnxGraphTranslator.valueInfo(
                                "normalized",
                                TensorProto.DataType.FLOAT,
                                new long[] {-1, 32, 32, 3}))));
    UntrustedModelException e =
        assertThrows(UntrustedModelException.class, () -> OnnxModel.load(file));
    assertEquals(
        "refusing to run ONNX model "
            + file
            + ": its outputs are [logits, probabilities, classes, normalized], kflo4j's are"
            + " [logits, probabilities, classes]",
        e.getMessage());
    try (OnnxModel trusted = OnnxModel.load(file, ModelTrust.TRUSTED);
        OnnxModel original = OnnxModel.load(onnx)) {
      byte[] pixels = new byte[Pixels.IMAGE_BYTES];
      new Random(2).nextBytes(pixels);
      assertArrayEquals(original.logits(pixels, 1), trusted.logits(pixels, 1));
    }
  }

  @Test
  void aFileThatIsNoOnnxOrNotKflosIsNamed() throws IOException {
    Path garbage = tmp.resolve("garbage.onnx");
    Files.write(garbage, new byte[] {(byte) 0xff, 0x01, 0x02});
    SavedModelException e = assertThrows(SavedModelException.class, () -> OnnxModel.load(garbage));
    assertTrue(
        e.getMessage().startsWith("cannot read ONNX model " + garbage + ": it is not an ONNX file"),
        e.getMessage());

    Path foreign = edited(m -> m.toBuilder().clearMetadataProps().build());
    e = assertThrows(SavedModelException.class, () -> OnnxModel.load(foreign));
    assertEquals(
        foreign + " has no 'kflo4j_metadata' in its metadata: it was not exported by kflo4j",
        e.getMessage());

    Path missing = tmp.resolve("none/model.onnx");
    e =
        assertThrows(
            SavedModelException.class, () -> InferenceModel.load(missing, ModelTrust.CHECKED));
    assertEquals("ONNX model " + missing + " does not exist", e.getMessage());
  }

  private Path edited(UnaryOperator<ModelProto> edit) throws IOException {
    Path file = tmp.resolve("edited.onnx");
    Files.write(file, edit.apply(model).toByteArray());
    return file;
  }

  private static ModelProto withGraph(
      ModelProto m, java.util.function.Consumer<GraphProto.Builder> edit) {
    GraphProto.Builder graph = m.getGraph().toBuilder();
    edit.accept(graph);
    return m.toBuilder().setGraph(graph).build();
  }
}
