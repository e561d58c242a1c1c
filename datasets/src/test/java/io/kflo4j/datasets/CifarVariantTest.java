package io.kflo4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.datasets.core.CifarVariant;
import org.junit.jupiter.api.Test;

class CifarVariantTest {
  @Test
  void parsesIgnoringCase() {
    assertEquals(CifarVariant.CIFAR10, CifarVariant.parse("cifar10"));
    assertEquals(CifarVariant.CIFAR100, CifarVariant.parse(" CIFAR100 "));
    assertEquals(CifarVariant.CIFAR100, CifarVariant.parse("Cifar100"));
    assertEquals("cifar100", CifarVariant.CIFAR100.id());
    assertEquals("CIFAR-10", CifarVariant.CIFAR10.displayName());
  }

  @Test
  void refusesAnythingElse() {
    assertEquals(
        "unknown data set 'cifar-10': expected cifar10 or cifar100",
        assertThrows(IllegalArgumentException.class, () -> CifarVariant.parse("cifar-10"))
            .getMessage());
    assertEquals(
        "unknown data set 'null': expected cifar10 or cifar100",
        assertThrows(IllegalArgumentException.class, () -> CifarVariant.parse(null)).getMessage());
  }
}
