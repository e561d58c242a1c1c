package io.kflo4j.graph.core;

/** Which path through a network: both paths share the same variables. */
public enum Mode {
  /** Batch statistics with moving-average updates; dropout active. */
  TRAINING,
  /** Moving statistics; no dropout; nothing is updated. */
  INFERENCE
}
