package io.kflo4j.datasets.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.core.ImageSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchStreamTest {
  /** 50 images whose label is their index (50 classes), so batches show the order. */
  private static final ImageSet SET =
      ImageSet.of(
          ImageSet.random(50, 1, 11).pixels(),
          IntStream.range(0, 50).toArray(),
          IntStream.range(0, 50).mapToObj(i -> "c" + i).toList());

  private static BatchStream.Builder training() {
    return BatchStream.builder(SET)
        .batchSize(8)
        .seed(7)
        .augmentation(Augmentation.standard())
        .prefetch(2);
  }

  private static List<Batch> epoch(BatchStream stream, int epoch, long sleepMillis)
      throws InterruptedException {
    List<Batch> batches = new ArrayList<>();
    try (BatchIterator iterator = stream.openEpoch(epoch)) {
      while (iterator.hasNext()) {
        batches.add(iterator.next());
        Thread.sleep(sleepMillis);
      }
    }
    return batches;
  }

  private static void assertSameBatches(List<Batch> expected, List<Batch> actual) {
    assertEquals(expected.size(), actual.size());
    for (int b = 0; b < expected.size(); b++) {
      assertArrayEquals(expected.get(b).labels(), actual.get(b).labels(), "labels of batch " + b);
      assertArrayEquals(expected.get(b).images(), actual.get(b).images(), "images of batch " + b);
    }
  }

  private static int[] labelsOf(List<Batch> batches) {
    return batches.stream().flatMapToInt(batch -> Arrays.stream(batch.labels())).toArray();
  }

  @Test
  void theSameSeedGivesTheSameBatchesWhateverTheTiming() throws InterruptedException {
    List<Batch> fast = epoch(training().build(), 3, 0);
    List<Batch> slow = epoch(training().prefetch(1).build(), 3, 5);
    assertSameBatches(fast, slow);
  }

  @Test
  void anEpochDependsOnlyOnSeedAndEpoch() throws InterruptedException {
    BatchStream resumed = training().build();
    BatchStream full = training().build();
    epoch(full, 0, 0);
    epoch(full, 1, 0);
    assertSameBatches(epoch(full, 2, 0), epoch(resumed, 2, 0));
  }

  @Test
  void epochsAndSeedsDiffer() throws InterruptedException {
    BatchStream stream = training().build();
    int[] epoch0 = labelsOf(epoch(stream, 0, 0));
    int[] epoch1 = labelsOf(epoch(stream, 1, 0));
    int[] otherSeed = labelsOf(epoch(training().seed(8).build(), 0, 0));
    assertFalse(Arrays.equals(epoch0, epoch1));
    assertFalse(Arrays.equals(epoch0, otherSeed));
    assertArrayEquals(
        IntStream.range(0, 50).toArray(),
        Arrays.stream(epoch0).sorted().toArray(),
        "every image once per epoch");
  }

  @Test
  void augmentationDrawsDifferPerPosition() throws InterruptedException {
    BatchStream unaugmented = training().augmentation(Augmentation.none()).build();
    List<Batch> plain = epoch(unaugmented, 0, 0);
    List<Batch> augmented = epoch(training().build(), 0, 0);
    int same = 0;
    for (int b = 0; b < plain.size(); b++) {
      assertArrayEquals(plain.get(b).labels(), augmented.get(b).labels(), "same order");
      for (int i = 0; i < plain.get(b).size(); i++) {
        int from = i * Batch.IMAGE_FLOATS;
        if (Arrays.equals(
            plain.get(b).images(),
            from,
            from + Batch.IMAGE_FLOATS,
            augmented.get(b).images(),
            from,
            from + Batch.IMAGE_FLOATS)) {
          same++;
        }
      }
    }
    assertTrue(same < 5, "unchanged only at centre crop without flip (1 in 162), got " + same);
  }

  @Test
  void keepsOrDropsTheLastPartialBatch() throws InterruptedException {
    BatchStream keep = training().dropLast(false).build();
    assertEquals(7, keep.batchesPerEpoch());
    assertEquals(50, keep.imagesPerEpoch());
    List<Batch> kept = epoch(keep, 0, 0);
    assertEquals(7, kept.size());
    assertEquals(2, kept.get(6).size());
    assertEquals(2 * Batch.IMAGE_FLOATS, kept.get(6).images().length);

    BatchStream drop = training().dropLast(true).build();
    assertEquals(6, drop.batchesPerEpoch());
    assertEquals(48, drop.imagesPerEpoch());
    List<Batch> dropped = epoch(drop, 0, 0);
    assertEquals(6, dropped.size());
    assertTrue(dropped.stream().allMatch(batch -> batch.size() == 8));
    assertEquals(8 * 32 * 32 * 3, dropped.get(5).images().length);
  }

  @Test
  void evaluationIsInOrderAndNormalizedOnly() throws InterruptedException {
    Normalization norm =
        Normalization.of(new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.5f, 0.25f, 2f});
    List<Batch> batches = epoch(BatchStream.evaluation(SET, 16, norm), 0, 0);
    assertEquals(4, batches.size());
    assertArrayEquals(IntStream.range(0, 50).toArray(), labelsOf(batches));
    byte[] pixels = SET.pixels();
    for (int n : new int[] {0, 17, 49}) {
      Batch batch = batches.get(n / 16);
      int i = n % 16;
      for (int h = 0; h < 32; h += 5) {
        for (int w = 0; w < 32; w += 3) {
          for (int c = 0; c < 3; c++) {
            int value = pixels[n * 3072 + c * 1024 + h * 32 + w] & 0xff;
            assertEquals(norm.apply(c, value), batch.images()[((i * 32 + h) * 32 + w) * 3 + c]);
          }
        }
      }
    }
  }

  @Test
  void closingEarlyStopsTheProducer() throws InterruptedException {
    BatchIterator iterator = training().prefetch(1).build().openEpoch(0);
    assertTrue(iterator.hasNext());
    assertEquals(8, iterator.next().size());
    iterator.close();
    assertFalse(iterator.hasNext());
    assertTrue(iterator.producerDone());
  }

  @Test
  void validatesTheConfiguration() {
    assertEquals(
        "batch size must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> training().batchSize(0).build())
            .getMessage());
    assertEquals(
        "prefetch depth must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> training().prefetch(0).build())
            .getMessage());
    assertEquals(
        "50 images make no full batch of 64, and the last partial batch is dropped",
        assertThrows(
                IllegalArgumentException.class,
                () -> training().batchSize(64).dropLast(true).build())
            .getMessage());
    assertEquals(
        "epoch must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> training().build().openEpoch(-1))
            .getMessage());
  }
}
