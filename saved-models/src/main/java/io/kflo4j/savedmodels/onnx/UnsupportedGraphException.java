package io.kflo4j.savedmodels.onnx;

import io.kflo4j.savedmodels.core.SavedModelException;

/**
 * An inference graph that kflo4j cannot write as ONNX: a node, attribute or constant outside what
 * {@link OnnxGraphTranslator} translates. The message names it.
 */
public final class UnsupportedGraphException extends SavedModelException {
  private static final long serialVersionUID = 1L;

  /** A refusal described by {@code message}. */
  public UnsupportedGraphException(String message) {
    super(message);
  }
}
