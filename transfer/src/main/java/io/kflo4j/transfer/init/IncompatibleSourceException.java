package io.kflo4j.transfer.init;

/**
 * A source model does not fit the target network; the message names the source, the layer and both
 * shapes.
 */
public final class IncompatibleSourceException extends IllegalArgumentException {
  IncompatibleSourceException(String message) {
    super(message);
  }
}
