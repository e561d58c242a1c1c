package io.kflo4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.testing.ImageFolderFixture;
import io.kflo4j.savedmodels.Classification;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.images.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's example runs: one epoch on a generated folder of 3 classes. */
class ClassifyYourImagesTest {
  @TempDir Path tmp;

  @Test
  void trainsExportsAndClassifiesAsTheSavedModelDoes() throws IOException {
    Path images =
        ImageFolderFixture.write(tmp.resolve("pets"), List.of("cat", "dog", "owl"), 12, 5);
    Path image;
    try (Stream<Path> files = Files.list(images.resolve("owl"))) {
      image = files.sorted().findFirst().orElseThrow();
    }

    List<Classification.Prediction> top =
        ClassifyYourImages.trainExportAndClassify(images, tmp.resolve("out"), image, 1);

    assertEquals(3, top.size());
    assertTrue(top.get(0).probability() >= top.get(1).probability());
    try (ExportedModel savedModel = ExportedModel.load(tmp.resolve("out/model"))) {
      Classification expected = savedModel.classify(ImageFiles.read(image).nhwc(), 1);
      assertEquals(
          expected.top(0, 3).stream().map(Classification.Prediction::classIndex).toList(),
          top.stream().map(Classification.Prediction::classIndex).toList());
      assertEquals(expected.top(0, 1).get(0).probability(), top.get(0).probability(), 1e-5);
      assertEquals(List.of("cat", "dog", "owl"), savedModel.metadata().classNames());
    }
  }
}
