package io.kflo4j.datasets.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalizationTest {
  @Test
  void standardMapsBytesToMinusOneToOne() {
    Normalization standard = Normalization.standard();
    assertEquals(-1.0f, standard.apply(0, 0));
    assertEquals(1.0f, standard.apply(1, 255));
    assertEquals(-0.6f, standard.apply(2, 51), 1e-6f);
    assertEquals(0.003921569f, standard.apply(0, 128), 1e-6f);
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, standard.mean());
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, standard.std());
  }

  @Test
  void perChannelStatistics() {
    Normalization cifar =
        Normalization.of(
            new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});
    assertEquals((0.2 - 0.4914f) / 0.2470f, cifar.apply(0, 51), 1e-5);
    assertEquals((1.0 - 0.4465f) / 0.2616f, cifar.apply(2, 255), 1e-5);
    float[] table = cifar.lookupTable(1);
    assertEquals(256, table.length);
    assertEquals(cifar.apply(1, 200), table[200]);
  }

  @Test
  void refusesBadStatistics() {
    assertEquals(
        "std of channel 1 must be finite and > 0, got 0.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> Normalization.of(new float[3], new float[] {1, 0, 1}))
            .getMessage());
    assertEquals(
        "mean and std need 3 values each, got 1 and 3",
        assertThrows(
                IllegalArgumentException.class, () -> Normalization.of(new float[1], new float[3]))
            .getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> Normalization.standard().apply(0, 256));
  }
}
