package io.kflo4j.datasets.core;

import java.util.Locale;

/** The two CIFAR data sets. */
public enum CifarVariant {
  /** CIFAR-10: 10 classes, 50,000 training and 10,000 test images. */
  CIFAR10("cifar10", "CIFAR-10", 10),
  /** CIFAR-100: 100 fine classes in 20 coarse classes, 50,000 training and 10,000 test images. */
  CIFAR100("cifar100", "CIFAR-100", 100);

  private final String id;
  private final String displayName;
  private final int numClasses;

  CifarVariant(String id, String displayName, int numClasses) {
    this.id = id;
    this.displayName = displayName;
    this.numClasses = numClasses;
  }

  /** The name used on the command line: {@code cifar10} or {@code cifar100}. */
  public String id() {
    return id;
  }

  /** The usual spelling: {@code CIFAR-10} or {@code CIFAR-100}. */
  public String displayName() {
    return displayName;
  }

  /** The number of (fine) classes: 10 or 100. */
  public int numClasses() {
    return numClasses;
  }

  /**
   * Parses {@code cifar10} or {@code cifar100}, ignoring case and surrounding blanks.
   *
   * @throws IllegalArgumentException naming the text and the accepted values otherwise
   */
  public static CifarVariant parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (CifarVariant variant : values()) {
      if (variant.id.equals(wanted)) {
        return variant;
      }
    }
    throw new IllegalArgumentException(
        "unknown data set '" + text + "': expected cifar10 or cifar100");
  }
}
