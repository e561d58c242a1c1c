package io.kflo4j.savedmodels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.variables.Shapes;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.deploy.DeployedLayout;
import io.kflo4j.savedmodels.metadata.ExportMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.SavedModel;

/**
 * Loading: metadata round trip through the asset, exact errors for broken directories,
 * readVariables.
 */
class ExportedModelLoadTest {
  private static TrainedFixture plain;
  private static Path exported;

  @TempDir static Path shared;

  @TempDir Path tmp;

  @BeforeAll
  static void export() {
    plain = new TrainedFixture(ModelSpec.of("cifar-quick", 10, "plain"), 1, 0);
    // Distinct, exactly representable values in every variable.
    Map<String, float[]> values = new LinkedHashMap<>();
    int[] counter = {0};
    DeployedLayout.of(plain.model.spec(), false)
        .variables()
        .forEach(
            (name, shape) -> {
              float[] v = new float[io.kflo4j.graph.variables.Shapes.size(shape)];
              for (int i = 0; i < v.length; i++) {
                v[i] = ((counter[0]++ % 2001) - 1000) / 65536f;
              }
              if (name.endsWith("_moving_variance")) {
                for (int i = 0; i < v.length; i++) {
                  v[i] = 0.5f + i / 64f;
                }
              }
              values.put(name, v);
            });
    plain.model.variables().assign(plain.session, values);
    exported = shared.resolve("model");
    ModelExporter.export(
        plain
            .request(exported, false)
            .optTestAccuracy(OptionalDouble.of(0.25))
            .optSourceRun("/runs/r1")
            .optSourceModels(List.of("/m/a", "/m/b"))
            .setDataset("cifar10")
            .build());
  }

  @AfterAll
  static void close() {
    plain.close();
  }

  private Path copyOfExport() {
    return io.kflo4j.training.testing.FileTrees.copy(exported, tmp.resolve("copy"));
  }

  @Test
  void readVariablesReturnsTheExactValuesAssigned() {
    Map<String, float[]> assigned = plain.model.variables().readAll(plain.session);
    try (ExportedModel model = ExportedModel.load(exported)) {
      Map<String, float[]> read = model.readVariables();
      assertEquals(List.copyOf(assigned.keySet()), List.copyOf(read.keySet()));
      assigned.forEach((name, value) -> assertArrayEquals(value, read.get(name), name));
    }
  }

  @Test
  void metadataSurvivesAsAnAssetAndAfterLoading() throws IOException {
    try (ExportedModel model = ExportedModel.load(exported)) {
      model.classify(new byte[2 * 3072], 2);
      ExportMetadata metadata = model.metadata();
      assertEquals("cifar-quick", metadata.architecture());
      assertEquals(10, metadata.numClasses());
      assertEquals(TrainedFixture.classNames(10), metadata.classNames());
      assertEquals("cifar10", metadata.dataset());
      assertEquals("plain", metadata.parameterization());
      assertEquals(OptionalDouble.of(0.25), metadata.testAccuracy());
      assertEquals("/runs/r1", metadata.sourceRun().orElseThrow());
      assertEquals(List.of("/m/a", "/m/b"), metadata.sourceModels());
      assertEquals(512, metadata.verification().orElseThrow().images());
    }
    SavedModel proto = SavedModelFiles.read(exported);
    var assets = proto.getMetaGraphs(0).getAssetFileDefList();
    assertEquals(1, assets.size());
    assertEquals("kflo4j.json", assets.get(0).getFilename());
    assertEquals("kflo4j_metadata_asset:0", assets.get(0).getTensorInfo().getName());
    assertTrue(
        Files.readString(exported.resolve("assets/kflo4j.json")).contains("\"formatVersion\": 1"));
  }

  @Test
  void classifyGivesProbabilitiesAndTopK() {
    try (ExportedModel model = ExportedModel.load(exported)) {
      byte[] pixels = new byte[3 * 3072];
      new java.util.Random(3).nextBytes(pixels);
      Classification c = model.classify(pixels, 3);
      for (int n = 0; n < 3; n++) {
        float sum = 0;
        for (int k = 0; k < 10; k++) {
          sum += c.probabilities()[n * 10 + k];
        }
        assertEquals(1f, sum, 1e-5f);
        var top = c.top(n, 5);
        assertEquals(5, top.size());
        assertEquals(c.classes()[n], top.get(0).classIndex());
        assertTrue(top.get(0).probability() >= top.get(4).probability());
      }
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> model.classify(pixels, 2));
      assertEquals("2 images need 6144 bytes, got 9216", e.getMessage());
    }
  }

  @Test
  void evaluateNeedsImagesOfTheModelsClassesByName() {
    try (ExportedModel model = ExportedModel.load(exported)) {
      io.kflo4j.datasets.core.ImageSet images =
          io.kflo4j.datasets.core.ImageSet.random(12, 10, 5); // class0 .. class9
      assertEquals(12, model.evaluate(images).images());
      List<String> renamed = new java.util.ArrayList<>(images.classNames());
      renamed.set(9, "zebra");
      io.kflo4j.datasets.core.ImageSet other =
          io.kflo4j.datasets.core.ImageSet.of(images.pixels(), images.labels(), renamed);
      assertEquals(
          "the images' classes [class0, class1, class2, class3, class4, class5, class6, class7, class8, "
              + "zebra] are not the model's [class0, class1, class2, class3, class4, class5, class6, class7, class8, "
              + "class9]",
          assertThrows(IllegalArgumentException.class, () -> model.evaluate(other)).getMessage());
    }
  }

  @Test
  void missingDirectory() {
    Path missing = tmp.resolve("nope");
    assertEquals(
        "model directory " + missing + " does not exist",
        assertThrows(SavedModelException.class, () -> ExportedModel.load(missing)).getMessage());
  }

  @Test
  void notADirectory() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertEquals(
        "model directory " + file + " is not a directory",
        assertThrows(SavedModelException.class, () -> ExportedModel.load(file)).getMessage());
  }

  @Test
  void missingSavedModelPb() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("empty"));
    assertEquals(
        dir + " is not a SavedModel: it has no saved_model.pb",
        assertThrows(SavedModelException.class, () -> ExportedModel.load(dir)).getMessage());
  }

  @Test
  void brokenSavedModelPb() throws IOException {
    Path copy = copyOfExport();
    Files.writeString(copy.resolve("saved_model.pb"), "this is not a protocol buffer");
    String message =
        assertThrows(SavedModelException.class, () -> ExportedModel.load(copy)).getMessage();
    assertTrue(
        message.startsWith(
            "cannot read " + copy.resolve("saved_model.pb") + ": not a valid SavedModel ("),
        message);
  }

  @Test
  void missingVariables() throws IOException {
    Path copy = copyOfExport();
    Files.delete(copy.resolve("variables/variables.index"));
    assertEquals(
        copy + " is not a complete SavedModel: it has no variables/variables.index",
        assertThrows(SavedModelException.class, () -> ExportedModel.load(copy)).getMessage());
  }

  @Test
  void truncatedVariableDataIsNamedWithItsSize() throws IOException {
    Path copy = copyOfExport();
    Path data = copy.resolve("variables/variables.data-00000-of-00001");
    Files.write(data, Arrays.copyOf(Files.readAllBytes(data), 3));
    try (ExportedModel model = ExportedModel.load(copy)) {
      long needed = 4L * model.variableShapes().values().stream().mapToLong(Shapes::size).sum();
      String expected =
          String.format(
              "%s: variables/variables.data-00000-of-00001 is truncated: 3 bytes, the model's %d"
                  + " variables take %,d",
              copy, model.variableShapes().size(), needed);
      assertEquals(
          expected, assertThrows(SavedModelException.class, model::readVariables).getMessage());
      assertEquals(
          expected,
          assertThrows(SavedModelException.class, () -> model.classify(new byte[3072], 1))
              .getMessage());
    }
  }

  @Test
  void aMissingDataShardIsNamed() throws IOException {
    Path copy = copyOfExport();
    Files.move(
        copy.resolve("variables/variables.data-00000-of-00001"),
        copy.resolve("variables/variables.data-00000-of-00002"));
    try (ExportedModel model = ExportedModel.load(copy)) {
      assertEquals(
          copy + ": variables/variables.data-00001-of-00002 is missing (of 2)",
          assertThrows(SavedModelException.class, model::readVariables).getMessage());
    }
  }

  @Test
  void aGarbageIndexIsNamed() throws IOException {
    Path copy = copyOfExport();
    Files.write(copy.resolve("variables/variables.index"), new byte[100]);
    try (ExportedModel model = ExportedModel.load(copy)) {
      assertEquals(
          copy
              + ": variables/variables.index is not a TensorFlow checkpoint index (it lacks the"
              + " index's closing footer: damaged, truncated or another file)",
          assertThrows(SavedModelException.class, () -> model.classify(new byte[3072], 1))
              .getMessage());
    }
  }

  @Test
  void damagedVariableValuesAreNamedWithoutTensorFlowsNodeNames() throws IOException {
    Path copy = copyOfExport();
    Path data = copy.resolve("variables/variables.data-00000-of-00001");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(data, bytes);
    try (ExportedModel model = ExportedModel.load(copy)) {
      String message = assertThrows(SavedModelException.class, model::readVariables).getMessage();
      assertTrue(
          message.startsWith(
              "cannot restore the variables of "
                  + copy
                  + " from variables/variables.index and .data-*: "),
          message);
      assertFalse(message.contains("\n") || message.contains("{{node"), message);
    }
  }

  @Test
  void metadataThatLiesAboutTheClassesIsNamedBeforeAnEvaluation() throws IOException {
    Path copy = copyOfExport();
    Path file = copy.resolve("assets/kflo4j.json");
    JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    json.addProperty("numClasses", 12);
    JsonArray names = json.getAsJsonArray("classNames");
    names.add("class10");
    names.add("class11");
    Files.writeString(file, json.toString());
    ImageSet images = ImageSet.random(4, 12, 1);
    try (ExportedModel model = ExportedModel.load(copy)) {
      assertEquals(
          copy + " gives 10 logits per image, its metadata says 12 classes",
          assertThrows(SavedModelException.class, () -> model.evaluate(images)).getMessage());
    }
  }

  @Test
  void missingMetadata() throws IOException {
    Path copy = copyOfExport();
    AtomicFiles.deleteRecursively(copy.resolve("assets"));
    assertEquals(
        copy + " has no assets/kflo4j.json: it was not exported by kflo4j",
        assertThrows(SavedModelException.class, () -> ExportedModel.load(copy)).getMessage());
  }

  @Test
  void unknownMetadataVersion() throws IOException {
    Path copy = copyOfExport();
    Path file = copy.resolve("assets/kflo4j.json");
    Files.writeString(
        file,
        Files.readString(file).replace("\"formatVersion\": 1", "\"formatVersion\": 7"),
        StandardCharsets.UTF_8);
    assertEquals(
        file + ": unsupported metadata format version 7 (this kflo4j reads version 1)",
        assertThrows(SavedModelException.class, () -> ExportedModel.load(copy)).getMessage());
  }

  @Test
  void brokenMetadata() throws IOException {
    Path copy = copyOfExport();
    Path file = copy.resolve("assets/kflo4j.json");
    Files.writeString(file, "{\"formatVersion\": 1, \"architecture\": ");
    String message =
        assertThrows(SavedModelException.class, () -> ExportedModel.load(copy)).getMessage();
    assertTrue(message.startsWith(file + ": malformed metadata JSON"), message);
  }
}
