package io.kflo4j.datasets.core;

/**
 * Which label of a record to use: CIFAR-100 has a fine (100 classes) and a coarse (20 classes)
 * label.
 */
public enum LabelGranularity {
  /** The fine label of CIFAR-100, and the only label of CIFAR-10. The default. */
  FINE,
  /** The coarse label (20 super-classes) of CIFAR-100; CIFAR-10 has none. */
  COARSE
}
