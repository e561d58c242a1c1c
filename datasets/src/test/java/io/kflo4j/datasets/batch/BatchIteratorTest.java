package io.kflo4j.datasets.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.core.DatasetException;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class BatchIteratorTest {
  private static Batch batchOf(int label) {
    return new Batch(new float[Batch.IMAGE_FLOATS], new int[] {label});
  }

  @Test
  void deliversEveryBatchInOrder() {
    try (BatchIterator iterator = new BatchIterator(5, BatchIteratorTest::batchOf, 2, "test")) {
      for (int i = 0; i < 5; i++) {
        assertTrue(iterator.hasNext());
        assertEquals(i, iterator.next().labels()[0]);
      }
      assertFalse(iterator.hasNext());
      assertThrows(NoSuchElementException.class, iterator::next);
    }
  }

  @Test
  void propagatesTheProducersException() {
    IllegalStateException boom = new IllegalStateException("boom");
    try (BatchIterator iterator =
        new BatchIterator(
            5,
            i -> {
              if (i == 2) {
                throw boom;
              }
              return batchOf(i);
            },
            1,
            "test")) {
      assertEquals(0, iterator.next().labels()[0]);
      assertEquals(1, iterator.next().labels()[0]);
      DatasetException e = assertThrows(DatasetException.class, iterator::hasNext);
      assertEquals(
          "producing a batch failed: java.lang.IllegalStateException: boom", e.getMessage());
      assertInstanceOf(IllegalStateException.class, e.getCause());
      assertFalse(iterator.hasNext());
    }
  }

  @Test
  void runsOnADaemonThreadAheadOfTheConsumer() throws InterruptedException {
    int[] produced = new int[1];
    try (BatchIterator iterator =
        new BatchIterator(
            10,
            i -> {
              assertTrue(Thread.currentThread().isDaemon());
              produced[0] = i + 1;
              return batchOf(i);
            },
            3,
            "test")) {
      Thread.sleep(200);
      assertEquals(4, produced[0], "3 queued plus 1 waiting to be queued");
      iterator.next();
    }
  }
}
