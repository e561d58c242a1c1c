package io.kflo4j.savedmodels.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.savedmodels.Evaluation;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {
  @TempDir Path tmp;

  @Test
  void writesSummaryCsvAndHeatMap() throws IOException {
    Evaluation evaluation =
        Evaluation.accumulator(List.of("cat", "dog, big", "ship"))
            .add(new float[] {5, 1, 0, 0, 1, 2, 0, 0, 3, 1, 4, 2}, new int[] {0, 1, 2, 0})
            .result();
    List<Path> files = EvaluationReport.write(evaluation, tmp.resolve("out"), "model", "test set");
    assertEquals(4, files.size());
    assertEquals(
        """
        class,name,images,correct,accuracy
        0,cat,2,1,0.500000
        1,"dog, big",1,0,0.000000
        2,ship,1,1,1.000000
        """,
        Files.readString(tmp.resolve("out/per_class_accuracy.csv")));
    assertEquals(
        """
        true\\predicted,cat,"dog, big",ship
        cat,1,1,0
        "dog, big",0,0,1
        ship,0,0,1
        """,
        Files.readString(tmp.resolve("out/confusion_matrix.csv")));
    String json = Files.readString(tmp.resolve("out/evaluation.json"));
    assertTrue(json.contains("\"top1\": 0.5"), json);
    BufferedImage png = ImageIO.read(tmp.resolve("out/confusion_matrix.png").toFile());
    assertTrue(png.getWidth() > 3 * 48 && png.getHeight() > 3 * 48);
  }

  @Test
  void anEarlierReportIsReplacedAsAWhole() throws IOException {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("stale.txt"), "from an earlier evaluation");
    Evaluation evaluation =
        Evaluation.accumulator(List.of("a", "b")).add(new float[] {1, 0}, new int[] {0}).result();
    EvaluationReport.write(evaluation, out, "model", "test set");
    try (var files = Files.list(out)) {
      assertEquals(
          List.of(
              ".complete",
              "confusion_matrix.csv",
              "confusion_matrix.png",
              "evaluation.json",
              "per_class_accuracy.csv"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    try (var files = Files.list(tmp)) {
      assertEquals(List.of("out"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void rendersAHundredClasses() {
    List<String> names = IntStream.range(0, 100).mapToObj(i -> "class" + i).toList();
    float[] logits = new float[100 * 100];
    int[] labels = new int[100];
    for (int i = 0; i < 100; i++) {
      logits[i * 100 + i] = 1;
      labels[i] = i;
    }
    BufferedImage image =
        ConfusionMatrixImage.render(
            Evaluation.accumulator(names).add(logits, labels).result(), "title");
    assertTrue(image.getWidth() >= 700 && image.getHeight() >= 700);
  }
}
