package io.kflo4j.datasets.core;

/**
 * A data set problem a user can act on: a missing or damaged file, a refused archive, a failed
 * fetch. The message names the file and the problem, e.g. {@code cifar-100-binary/train.bin: size
 * 12345 is not a multiple of the record size 3074}.
 */
public final class DatasetException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A problem described by {@code message}. */
  public DatasetException(String message) {
    super(message);
  }

  /** A problem described by {@code message}, caused by {@code cause}. */
  public DatasetException(String message, Throwable cause) {
    super(message, cause);
  }
}
