package io.kflo4j.training.metrics;

/**
 * What one finished epoch measured; one row of {@code metrics.csv}.
 *
 * <p>Accuracies are fractions in {@code [0, 1]} (not percent); a test metric that was not evaluated
 * this epoch is {@code NaN}. Times are seconds.
 *
 * @param epoch the finished epoch, counted from 1 (so also the number of epochs done)
 * @param trainLoss mean training loss over the epoch's steps (as optimized, including any
 *     regularization term the trainer adds)
 * @param trainAccuracy top-1 accuracy on the (augmented) training batches of the epoch
 * @param testTop1 top-1 accuracy on the test (or validation) set after the epoch
 * @param testTop5 top-5 accuracy on the test (or validation) set after the epoch
 * @param learningRate the learning rate used at the epoch's last step
 * @param imagesPerSecond training images divided by {@code stepSeconds}
 * @param epochSeconds wall time of the epoch, including input waits and evaluation
 * @param stepSeconds sum of the training steps' times
 * @param totalSeconds wall time of the run so far, summed over all sessions of a resumed run
 */
public record EpochMetrics(
    int epoch,
    double trainLoss,
    double trainAccuracy,
    double testTop1,
    double testTop5,
    double learningRate,
    double imagesPerSecond,
    double epochSeconds,
    double stepSeconds,
    double totalSeconds) {

  /** Checks that {@code epoch >= 1}. */
  public EpochMetrics {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
  }

  /** The number of training images this epoch processed ({@code imagesPerSecond * stepSeconds}). */
  public double trainImages() {
    return imagesPerSecond * stepSeconds;
  }
}
