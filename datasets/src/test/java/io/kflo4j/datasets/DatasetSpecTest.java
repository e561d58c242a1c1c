package io.kflo4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.common.progress.TaskProgress;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.testing.ImageFolderFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSpecTest {
  @TempDir Path tmp;

  @Test
  void parsesTheCifarDataSets() {
    DatasetSpec spec = DatasetSpec.parse(" CIFAR100 ");
    assertEquals(new DatasetSpec.Cifar(CifarVariant.CIFAR100), spec);
    assertEquals("cifar100", spec.id());
    assertEquals("cifar100", spec.label());
    assertEquals("cifar100 test set", spec.evaluationSetName());
    assertEquals(100, spec.numClasses());
    assertEquals(10, DatasetSpec.parse("cifar10").numClasses());
  }

  @Test
  void parsesAFolderToItsAbsoluteNormalizedPath() {
    Path working = Path.of("").toAbsolutePath();
    DatasetSpec relative = DatasetSpec.parse("folder:images/../pets");
    assertEquals(new DatasetSpec.Folder(working.resolve("pets")), relative);
    assertEquals("folder:" + working.resolve("pets"), relative.id());
    assertEquals("folder-pets", relative.label());
    assertEquals("images in " + working.resolve("pets"), relative.evaluationSetName());
    assertEquals(
        new DatasetSpec.Folder(Path.of(System.getProperty("user.home"), "pets")),
        DatasetSpec.parse("folder:~/pets"));
    assertEquals(relative, DatasetSpec.parse(relative.id()), "the id parses back to the same spec");
  }

  @Test
  void refusesAnythingElseNamingTheAcceptedForms() {
    assertEquals(
        "unknown data set 'imagenet': expected cifar10, cifar100 or folder:PATH",
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("imagenet"))
            .getMessage());
    assertEquals(
        "data set 'folder: ' names no folder: expected folder:PATH",
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("folder: "))
            .getMessage());
  }

  @Test
  void aFolderCountsItsClassesAndLoadsEveryImageWithoutATestSet() {
    Path root = ImageFolderFixture.write(tmp.resolve("pets"), List.of("cat", "dog", "horse"), 4, 1);
    DatasetSpec spec = DatasetSpec.parse("folder:" + root);
    assertEquals(3, spec.numClasses());
    DatasetImages images = spec.load(tmp.resolve("no-data-dir"), TaskProgress.none());
    assertEquals(12, images.training().size());
    assertEquals(List.of("cat", "dog", "horse"), images.training().classNames());
    assertTrue(images.test().isEmpty());
    assertSame(images.training(), images.evaluationImages());
  }
}
