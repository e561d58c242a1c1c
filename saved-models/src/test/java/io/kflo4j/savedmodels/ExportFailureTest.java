package io.kflo4j.savedmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.deploy.DeployedLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** Exports that must fail, and leave nothing behind; existing targets; the content check. */
class ExportFailureTest {
  private static TrainedFixture trained;

  @TempDir Path tmp;

  @BeforeAll
  static void train() {
    trained = TrainedFixture.trained("cifar-quick", "kflo:2x4", 3);
  }

  @AfterAll
  static void close() {
    trained.close();
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Adds a variable {@code sneaky_extra} [3] with its setter ops, and sets it. */
  private static void addExtraVariable(io.kflo4j.savedmodels.deploy.DeployedGraph graph) {
    Ops tf = Ops.create(graph.graph());
    var variable = tf.withName("sneaky_extra").variable(Shape.of(3), TFloat32.class);
    var value =
        tf.withName("sneaky_extra_value")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(3)));
    tf.withName("sneaky_extra_assign").assign(variable, value);
    graph.assign(
        Map.of("sneaky_extra", new float[] {1, 2, 3}), Map.of("sneaky_extra", new long[] {3}));
  }

  @Test
  void anExtraVariableFailsTheExportNamingItAndLeavesNothing() throws IOException {
    Path target = tmp.resolve("model");
    SavedModelException e =
        assertThrows(
            SavedModelException.class,
            () ->
                ModelExporter.export(
                    trained.request(target, false).build(), ExportFailureTest::addExtraVariable));
    assertTrue(
        e.getMessage()
            .contains(
                "extra variable 'sneaky_extra' [3] is not a variable of the plain "
                    + "cifar-quick with 10 classes"),
        e.getMessage());
    assertEquals(List.of(), listing(tmp));
  }

  @Test
  void contentCheckNamesMissingAndExtraVariables() {
    Path target = tmp.resolve("folded");
    ModelExporter.export(trained.request(target, true).build());
    SavedModelException e =
        assertThrows(
            SavedModelException.class,
            () -> ContentCheck.check(target, DeployedLayout.of(trained.model.spec(), false)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "SavedModel "
                    + target
                    + " does not hold exactly the variables of the "
                    + "plain cifar-quick with 10 classes: extra variable 'conv1_bias' [32] is not a variable of"),
        e.getMessage());
    assertTrue(e.getMessage().contains("missing variable 'conv1_bn_gamma' [32]"), e.getMessage());
    assertTrue(
        e.getMessage().contains("missing variable 'conv3_bn_moving_variance' [64]"),
        e.getMessage());
  }

  @Test
  void aFailedVerificationLeavesNothing() throws IOException {
    Path target = tmp.resolve("model");
    ReferenceModel wrong =
        (x, count) -> {
          float[] logits = trained.logits(x, count);
          logits[7] += 1e-3f;
          return logits;
        };
    SavedModelException e =
        assertThrows(
            SavedModelException.class,
            () -> ModelExporter.export(trained.request(target, true).setReference(wrong).build()));
    assertTrue(
        e.getMessage()
            .startsWith(
                "export of cifar-quick/kflo:2x4/10 classes failed verification: 512 "
                    + "images (synthetic): max |logit difference| 0.00100"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("nothing was written to " + target), e.getMessage());
    assertEquals(List.of(), listing(tmp));
  }

  @Test
  void valuesThatDoNotFitTheArchitectureAreRefusedBeforeAnythingIsWritten() throws IOException {
    Map<String, float[]> values = trained.deployedValues();
    values.remove("fc1_bias");
    SavedModelException e =
        assertThrows(
            SavedModelException.class,
            () ->
                ModelExporter.export(
                    trained
                        .request(tmp.resolve("model"), false)
                        .setDeployedValues(values)
                        .build()));
    assertEquals(
        "cannot export cifar-quick/kflo:2x4/10 classes: no value for variable 'fc1_bias' of the plain "
            + "cifar-quick model",
        e.getMessage());
    assertEquals(List.of(), listing(tmp));
  }

  @Test
  void anExistingTargetIsKeptWithoutForceAndOnlyAnEarlierExportIsReplacedWithIt()
      throws IOException {
    Path target = tmp.resolve("model");
    Files.createDirectories(target);
    Files.writeString(target.resolve("keep.txt"), "mine");
    SavedModelException e =
        assertThrows(
            SavedModelException.class,
            () -> ModelExporter.export(trained.request(target, false).build()));
    assertEquals(
        "export directory " + target + " already exists (use --force to replace it)",
        e.getMessage());
    e =
        assertThrows(
            SavedModelException.class,
            () -> ModelExporter.export(trained.request(target, false).optForce(true).build()));
    assertEquals(
        "cannot replace "
            + target
            + ": it is not a kflo4j export (it holds neither saved_model.pb and assets/kflo4j.json"
            + " nor model.onnx); --force replaces only an earlier export",
        e.getMessage());
    assertEquals("mine", Files.readString(target.resolve("keep.txt")));
    assertEquals(List.of("model"), listing(tmp));

    Files.delete(target.resolve("keep.txt"));
    ModelExporter.export(trained.request(target, false).optForce(true).build());
    byte[] first = Files.readAllBytes(target.resolve("saved_model.pb"));
    ModelExporter.export(trained.request(target, true).optForce(true).build());
    assertTrue(Files.exists(target.resolve("saved_model.pb")));
    assertNotEquals(
        first.length, Files.readAllBytes(target.resolve("saved_model.pb")).length, "replaced");
    assertEquals(List.of("model"), listing(tmp));
  }

  @Test
  void aFailedForcedExportKeepsTheOldModel() throws IOException {
    Path target = tmp.resolve("model");
    ModelExporter.export(trained.request(target, false).build());
    byte[] before = Files.readAllBytes(target.resolve("saved_model.pb"));
    assertThrows(
        SavedModelException.class,
        () ->
            ModelExporter.export(
                trained.request(target, true).optForce(true).build(),
                ExportFailureTest::addExtraVariable));
    assertEquals(List.of("model"), listing(tmp));
    assertNotEquals(0, before.length);
    assertTrue(
        java.util.Arrays.equals(before, Files.readAllBytes(target.resolve("saved_model.pb"))));
  }
}
