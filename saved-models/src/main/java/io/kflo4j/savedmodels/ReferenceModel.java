package io.kflo4j.savedmodels;

/**
 * The network an export is checked against: the training graph's inference-mode logits (any
 * parameterization, uncollapsed), e.g. {@code TrainedModel::logits}.
 */
@FunctionalInterface
public interface ReferenceModel {

  /**
   * Logits of a batch.
   *
   * @param normalizedNhwc {@code count * 32 * 32 * 3} normalized floats, NHWC
   * @param count images in the batch
   * @return row-major {@code [count, classes]}
   */
  float[] logits(float[] normalizedNhwc, int count);
}
