package io.kflo4j.training.loop;

/** Running sums over one epoch's training steps. */
final class EpochTotals {
  private long steps;
  private long images;
  private long correct;
  private double lossSum;
  private double stepSeconds;
  private double lastRate;

  void add(TrainingGraph.StepResult result, int batchSize, double seconds, double rate) {
    steps++;
    images += batchSize;
    correct += result.correct();
    lossSum += (double) result.loss() * batchSize;
    stepSeconds += seconds;
    lastRate = rate;
  }

  long steps() {
    return steps;
  }

  long images() {
    return images;
  }

  double meanLoss() {
    return images == 0 ? Double.NaN : lossSum / images;
  }

  double accuracy() {
    return images == 0 ? Double.NaN : (double) correct / images;
  }

  double stepSeconds() {
    return stepSeconds;
  }

  double lastRate() {
    return lastRate;
  }
}
