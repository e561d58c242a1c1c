package io.kflo4j.savedmodels.core;

/**
 * A problem with an exported model that a user can act on: a missing or broken directory, a failed
 * verification, an export target that exists. The message names the directory or file and the
 * problem.
 */
public class SavedModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A problem described by {@code message}. */
  public SavedModelException(String message) {
    super(message);
  }

  /** A problem described by {@code message}, caused by {@code cause}. */
  public SavedModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
