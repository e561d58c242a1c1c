package io.kflo4j.savedmodels;

import java.util.Arrays;
import java.util.Locale;

/** What an export writes: a SavedModel, an ONNX file ({@code model.onnx}), or both. */
public enum ExportFormat {
  /** A SavedModel directory (the default). */
  SAVEDMODEL,
  /** A directory holding {@code model.onnx} alone. */
  ONNX,
  /** A SavedModel directory that also holds {@code model.onnx}. */
  BOTH;

  /** Whether a SavedModel is written. */
  public boolean savedModel() {
    return this != ONNX;
  }

  /** Whether {@code model.onnx} is written. */
  public boolean onnx() {
    return this != SAVEDMODEL;
  }

  /** The name users type: {@code savedmodel}, {@code onnx} or {@code both}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format named {@code label} ({@link #label()}, any case).
   *
   * @throws IllegalArgumentException naming the formats when it is none of them
   */
  public static ExportFormat parse(String label) {
    return Arrays.stream(values())
        .filter(format -> format.label().equalsIgnoreCase(label.strip()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown export format '" + label + "': use savedmodel, onnx or both"));
  }
}
