package io.kflo4j.datasets.batch;

import io.kflo4j.datasets.core.DatasetException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntFunction;

/**
 * The batches of one epoch, produced ahead of the consumer on a daemon thread into a bounded queue.
 * An exception of the producer is rethrown to the consumer (wrapped in a {@link DatasetException})
 * by {@link #hasNext()} or {@link #next()}; {@link #close()} stops the producer and may be called
 * at any time, also before the end. Use it in try-with-resources. Not for use by several consumer
 * threads.
 */
public final class BatchIterator implements Iterator<Batch>, AutoCloseable {
  private static final Object END = new Object();
  private static final long JOIN_MILLIS = 10_000;

  private final BlockingQueue<Object> queue;
  private final Thread producer;
  private Object next;
  private boolean finished;
  private volatile boolean closed;

  /**
   * Starts producing {@code count} batches, {@code source.apply(0)} .. {@code source.apply(count -
   * 1)}, at most {@code depth} ahead of the consumer.
   */
  BatchIterator(int count, IntFunction<Batch> source, int depth, String threadName) {
    this.queue = new ArrayBlockingQueue<>(depth);
    this.producer = new Thread(() -> produce(count, source), threadName);
    producer.setDaemon(true);
    producer.start();
  }

  private void produce(int count, IntFunction<Batch> source) {
    try {
      for (int i = 0; i < count && !closed; i++) {
        queue.put(source.apply(i));
      }
      queue.put(END);
    } catch (InterruptedException e) {
      // closed by the consumer
    } catch (RuntimeException | Error e) {
      try {
        queue.put(new Failure(e));
      } catch (InterruptedException closedMeanwhile) {
        // closed by the consumer
      }
    }
  }

  @Override
  public boolean hasNext() {
    if (closed || finished) {
      return false;
    }
    if (next == null) {
      next = take();
      if (next == END) {
        finished = true;
        next = null;
      } else if (next instanceof Failure failure) {
        finished = true;
        next = null;
        throw new DatasetException("producing a batch failed: " + failure.cause(), failure.cause());
      }
    }
    return next != null;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more batches in this epoch");
    }
    Batch batch = (Batch) next;
    next = null;
    return batch;
  }

  private Object take() {
    try {
      return queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException("interrupted while waiting for a batch", e);
    }
  }

  /**
   * Stops the producer and drops the batches not consumed; afterwards {@link #hasNext()} is false.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    producer.interrupt();
    queue.clear();
    next = null;
    try {
      producer.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the producer thread has ended (for tests). */
  boolean producerDone() {
    return !producer.isAlive();
  }

  /** A producer's exception on its way to the consumer. */
  private record Failure(Throwable cause) {}
}
