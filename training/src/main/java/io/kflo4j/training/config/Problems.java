package io.kflo4j.training.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects every problem of a configuration, so that one error reports them all at once. */
final class Problems {
  private final List<String> messages = new ArrayList<>();

  /** Records {@code message} unless {@code ok}. */
  Problems check(boolean ok, String message) {
    if (!ok) {
      messages.add(message);
    }
    return this;
  }

  /** Records a required value that is missing or blank. */
  Problems require(String field, Object value) {
    if (value == null) {
      messages.add(field + " is required");
    } else if (value instanceof String text && text.isBlank()) {
      messages.add(field + " must not be blank, got '" + text + "'");
    }
    return this;
  }

  /**
   * Runs {@code check}, recording the message of the {@link IllegalArgumentException} it throws.
   */
  Problems attempt(Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      messages.add(e.getMessage());
    }
    return this;
  }

  /**
   * The value {@code build} returns, or null after recording the message of the {@link
   * IllegalArgumentException} it throws.
   */
  <T> T collect(Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      messages.add(e.getMessage());
      return null;
    }
  }

  /**
   * Throws them all, joined with "; ", if there are any.
   *
   * @throws IllegalArgumentException listing every problem
   */
  void throwIfAny() {
    if (!messages.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", messages));
    }
  }
}
