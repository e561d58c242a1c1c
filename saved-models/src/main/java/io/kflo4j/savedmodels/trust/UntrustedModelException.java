package io.kflo4j.savedmodels.trust;

import io.kflo4j.savedmodels.core.SavedModelException;

/**
 * A SavedModel refused because its graph holds more than kflo4j's plain inference graph (see {@link
 * GraphPolicy}).
 */
public final class UntrustedModelException extends SavedModelException {
  private static final long serialVersionUID = 1L;

  /**
   * A refusal described by {@code message}, which names the model and the first offending part of
   * its graph.
   */
  public UntrustedModelException(String message) {
    super(message);
  }
}
