package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.testing.ImageFolderFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kflo export --format}, and {@code eval} and {@code predict} of the ONNX file: a kflo:2x4
 * run on a generated image folder exported as both, whose ONNX model evaluates and predicts as its
 * SavedModel does.
 */
class OnnxCommandsTest {
  private static final List<String> CLASSES = List.of("cat", "dog", "horse");

  @TempDir static Path tmp;
  private static Path folder;
  private static Path model;
  private static CommandRunner.Run export;

  @BeforeAll
  static void trainAndExportBoth() {
    folder = ImageFolderFixture.write(tmp.resolve("pets"), CLASSES, 12, 3);
    Path run = tmp.resolve("runs/k");
    CommandRunner.Run train =
        CommandRunner.run(CommandRunner.trainOnFolder(folder, run), "--reparam", "kflo:2x4");
    assertEquals(0, train.exitCode(), train.err());
    model = tmp.resolve("models/k");
    export =
        CommandRunner.run(
            "export",
            "--run",
            run.toString(),
            "--out",
            model.toString(),
            "--format",
            "both",
            "--fold-bn");
    assertEquals(0, export.exitCode(), export.err());
  }

  @Test
  void bothWritesTheOnnxFileInsideTheSavedModelAndSaysHowItWasVerified() throws IOException {
    assertTrue(Files.isRegularFile(model.resolve("saved_model.pb")));
    assertTrue(Files.isRegularFile(model.resolve("model.onnx")));
    assertTrue(export.out().contains("  ONNX: model.onnx (opset 17): "), export.out());
    assertTrue(
        export.out().contains("  verified with ONNX Runtime: 512 images (synthetic"), export.out());
  }

  @Test
  void theOnnxModelEvaluatesAsTheSavedModelDoes() {
    CommandRunner.Run savedModel = eval(model.toString(), tmp.resolve("eval-savedmodel"));
    CommandRunner.Run onnx = eval(model.resolve("model.onnx").toString(), tmp.resolve("eval-onnx"));
    assertEquals(
        afterModel(savedModel.out(), model.toString()),
        afterModel(onnx.out(), model.resolve("model.onnx").toString()));
    CommandRunner.Run ensemble =
        eval(model + "," + model.resolve("model.onnx"), tmp.resolve("eval-ensemble"));
    assertTrue(ensemble.out().contains("(probabilities averaged)"), ensemble.out());
  }

  @Test
  void theOnnxModelsDefaultEvaluationDirectoryIsBesideTheExport() {
    CommandRunner.Run onnx =
        CommandRunner.run(
            "eval",
            "--model",
            model.resolve("model.onnx").toString(),
            "--dataset",
            "folder:" + folder);
    assertEquals(0, onnx.exitCode(), onnx.err());
    assertTrue(Files.isRegularFile(tmp.resolve("models/k-onnx-eval-folder-pets/evaluation.json")));
  }

  @Test
  void theOnnxModelPredictsAsTheSavedModelDoes() throws IOException {
    Path image;
    try (Stream<Path> files = Files.list(folder.resolve("dog"))) {
      image = files.sorted().findFirst().orElseThrow();
    }
    CommandRunner.Run savedModel =
        CommandRunner.run("predict", "--model", model.toString(), image.toString());
    CommandRunner.Run onnx =
        CommandRunner.run(
            "predict", "--model", model.resolve("model.onnx").toString(), image.toString());
    assertEquals(0, onnx.exitCode(), onnx.err());
    assertEquals(classes(savedModel.out()), classes(onnx.out()));
    assertEquals(4, onnx.out().lines().count(), onnx.out());
  }

  @Test
  void anUnknownFormatIsNamed() {
    CommandRunner.Run run =
        CommandRunner.run(
            "export", "--run", "r", "--out", tmp.resolve("x").toString(), "--format", "tflite");
    assertEquals(2, run.exitCode());
    assertTrue(
        run.err().contains("unknown export format 'tflite': use savedmodel, onnx or both"),
        run.err());
  }

  private static CommandRunner.Run eval(String models, Path out) {
    CommandRunner.Run run =
        CommandRunner.run(
            "eval", "--model", models, "--dataset", "folder:" + folder, "--out", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    return run;
  }

  /** The evaluation's lines after the model's path (accuracy and per-class accuracy). */
  private static String afterModel(String out, String path) {
    int at = out.indexOf(path);
    assertTrue(at >= 0, out);
    String rest = out.substring(at + path.length());
    return rest.substring(0, rest.indexOf("wrote "));
  }

  /** The class names of predict's ranking, in order. */
  private static List<String> classes(String out) {
    return out.lines()
        .filter(line -> line.matches("\\s+\\d\\. .*"))
        .map(line -> line.strip().split("\\s+")[1])
        .toList();
  }
}
