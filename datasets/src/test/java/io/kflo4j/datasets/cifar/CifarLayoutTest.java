package io.kflo4j.datasets.cifar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.core.LabelGranularity;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CifarLayoutTest {
  @Test
  void cifar10() {
    CifarLayout layout = CifarLayout.of(CifarVariant.CIFAR10);
    assertEquals(3073, layout.recordSize());
    assertEquals(
        List.of(
            "data_batch_1.bin",
            "data_batch_2.bin",
            "data_batch_3.bin",
            "data_batch_4.bin",
            "data_batch_5.bin"),
        layout.trainFiles().stream().map(CifarFileSpec::name).toList());
    assertEquals(60_000, layout.dataFiles().stream().mapToInt(CifarFileSpec::records).sum());
    assertEquals("803d5f7f4d78ea53de84dbe85f74fb6d", layout.testFiles().get(0).md5());
    assertEquals(0, layout.labelIndex(LabelGranularity.FINE));
    assertEquals(
        "CIFAR-10 has no coarse labels",
        assertThrows(DatasetException.class, () -> layout.labelIndex(LabelGranularity.COARSE))
            .getMessage());
    assertEquals(
        "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", layout.archiveUrl().toString());
    assertEquals(7, layout.archiveMembers().size());
  }

  @Test
  void cifar100() {
    CifarLayout layout = CifarLayout.of(CifarVariant.CIFAR100);
    assertEquals(3074, layout.recordSize());
    assertEquals(0, layout.labelIndex(LabelGranularity.COARSE));
    assertEquals(1, layout.labelIndex(LabelGranularity.FINE));
    assertEquals(
        Set.of(
            "cifar-100-binary/train.bin",
            "cifar-100-binary/test.bin",
            "cifar-100-binary/coarse_label_names.txt",
            "cifar-100-binary/fine_label_names.txt"),
        layout.archiveMembers());
    assertEquals(50_000, layout.trainFiles().get(0).records());
  }

  @Test
  void withFileReplacesOneExpectation() {
    CifarLayout layout = CifarLayout.of(CifarVariant.CIFAR100).withFile("test.bin", 7, "abc");
    assertEquals(new CifarFileSpec("test.bin", 7, "abc"), layout.testFiles().get(0));
    assertEquals(50_000, layout.trainFiles().get(0).records());
    assertEquals(
        "cifar-100-binary has no file nope.bin",
        assertThrows(IllegalArgumentException.class, () -> layout.withFile("nope.bin", 1, "x"))
            .getMessage());
  }
}
