package io.kflo4j.training.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.common.progress.TaskProgress;
import io.kflo4j.datasets.DatasetImages;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.training.config.TrainConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration's fraction and hold-out applied to CIFAR-like sets and to a folder of images. */
class TrainingDataLoaderTest {
  @TempDir Path tmp;

  private TrainConfig.Builder config(String dataset) {
    return TrainConfig.builder()
        .data(d -> d.dataset(dataset))
        .model(m -> m.arch("cifar-quick").reparam("plain"))
        .schedule(s -> s.epochs(1))
        .run(r -> r.seed(3).outDir(tmp.resolve("runs")).runName("run"));
  }

  @Test
  void aFolderTrainsOnAClassBalancedFractionAndValidatesOnAHoldOut() throws Exception {
    Path root = tmp.resolve("shapes");
    for (String name : List.of("circle", "square")) {
      for (int i = 0; i < 10; i++) {
        Files.createDirectories(root.resolve(name));
        ImageIO.write(
            new BufferedImage(20 + i, 30, BufferedImage.TYPE_INT_RGB),
            "png",
            root.resolve(name).resolve(i + ".png").toFile());
      }
    }
    TrainingData data =
        TrainingDataLoader.load(
            config("folder:" + root).data(d -> d.fraction(0.6)).build(), TaskProgress.none());
    // 60% of 10 = 6 per class, of which 20% (round(1.2) = 1) held out for validation.
    assertEquals(List.of("circle", "square"), data.classNames());
    assertArrayEquals(new int[] {5, 5}, data.train().classCounts());
    assertArrayEquals(new int[] {1, 1}, data.evaluation().classCounts());
    assertEquals("validation", data.evaluationName());
  }

  @Test
  void aFractionThatKeepsNoImageOfAClassIsRefusedNamingTheSmallestThatWould() {
    ImageSet train = ImageSet.random(100, 4, 1);
    DatasetImages images = new DatasetImages(train, Optional.of(ImageSet.random(8, 4, 2)));
    int smallest = java.util.Arrays.stream(train.classCounts()).min().orElseThrow();
    assertEquals(
        String.format(
            java.util.Locale.ROOT,
            "fraction 1.0E-9 keeps no training image of class 'class0' (of its %d): keep at least"
                + " one of each class (a fraction of at least %.2g)",
            train.classCounts()[0],
            1.0 / smallest),
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    TrainingDataLoader.select(
                        images, config("cifar10").data(d -> d.fraction(1e-9)).build()))
            .getMessage());
  }

  @Test
  void withoutATestSetTheConfigurationMustHoldOutValidationImages() {
    DatasetImages noTest = new DatasetImages(ImageSet.random(20, 2, 1), Optional.empty());
    TrainConfig cifar = config("cifar10").build();
    assertEquals(
        "cifar10 has no test set: hold out a validation fraction (--validation)",
        assertThrows(IllegalArgumentException.class, () -> TrainingDataLoader.select(noTest, cifar))
            .getMessage());
    TrainingData withTest =
        TrainingDataLoader.select(
            new DatasetImages(ImageSet.random(20, 2, 1), Optional.of(ImageSet.random(6, 2, 2))),
            cifar);
    assertEquals(20, withTest.train().size());
    assertEquals(6, withTest.evaluation().size());
    assertEquals("test", withTest.evaluationName());
  }
}
