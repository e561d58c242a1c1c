package io.kflo4j.graph.layers;

/** TensorFlow's padding modes. */
public enum Padding {
  /**
   * Output size ceil(in / stride); zero padding as needed (a k x k conv with stride 1 keeps the
   * size).
   */
  SAME,
  /** No padding: output size floor((in - k) / stride) + 1. */
  VALID
}
