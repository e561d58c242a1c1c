package io.kflo4j.datasets.cifar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassNamesTest {
  @TempDir Path dataDir;

  @Test
  void cifar10FallsBackOnTheFixedList() {
    CifarLayout layout = CifarLayout.of(CifarVariant.CIFAR10);
    assertEquals(
        CifarLayout.CIFAR10_CLASS_NAMES,
        ClassNames.read(dataDir, layout, layout.labelBytes().get(0)));
    assertEquals("airplane", CifarLayout.CIFAR10_CLASS_NAMES.get(0));
    assertEquals("truck", CifarLayout.CIFAR10_CLASS_NAMES.get(9));
  }

  @Test
  void readsNamesIgnoringBlankLinesAndWhitespace() throws IOException {
    CifarLayout layout = CifarLayout.of(CifarVariant.CIFAR100);
    Path dir = Files.createDirectories(layout.directoryIn(dataDir));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      text.append("  super").append(i).append(" \r\n");
    }
    Files.writeString(dir.resolve("coarse_label_names.txt"), text + "\n\n");
    List<String> names = ClassNames.read(dataDir, layout, layout.labelBytes().get(0));
    assertEquals(20, names.size());
    assertEquals("super0", names.get(0));
    assertEquals("super19", names.get(19));
  }

  @Test
  void cifar100NamesFileIsRequired() {
    CifarLayout layout = CifarLayout.of(CifarVariant.CIFAR100);
    assertEquals(
        "cifar-100-binary/fine_label_names.txt: file is missing",
        assertThrows(
                DatasetException.class,
                () -> ClassNames.read(dataDir, layout, layout.labelBytes().get(1)))
            .getMessage());
  }
}
