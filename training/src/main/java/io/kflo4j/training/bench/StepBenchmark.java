package io.kflo4j.training.bench;

import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.ModelSummary;
import io.kflo4j.training.decay.DecayPolicy;
import io.kflo4j.training.loop.TrainingGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Training-step times of several parameterizations of one architecture, measured side by side in
 * one process: after warm-up, rounds that each time one step of every graph in turn, so machine
 * noise hits all alike. Reports medians, the ratio to the first parameterization, images/s and
 * achieved GFLOP/s (analytic forward + backward FLOPs of the deployed model: 3x forward, the usual
 * estimate).
 */
public final class StepBenchmark {
  private final String arch;
  private final List<String> reparams;
  private final int classes;
  private final int batch;
  private final int warmupSteps;
  private final int rounds;
  private final int threads;

  /**
   * A benchmark.
   *
   * @param reparams parameterization specs; the first is the reference of the ratios
   */
  public StepBenchmark(
      String arch,
      List<String> reparams,
      int classes,
      int batch,
      int warmupSteps,
      int rounds,
      int threads) {
    if (reparams.isEmpty()) {
      throw new IllegalArgumentException("name at least one parameterization");
    }
    if (batch < 1 || warmupSteps < 0 || rounds < 1) {
      throw new IllegalArgumentException("batch and rounds must be >= 1 and warm-up >= 0");
    }
    this.arch = arch;
    this.reparams = List.copyOf(reparams);
    this.classes = classes;
    this.batch = batch;
    this.warmupSteps = warmupSteps;
    this.rounds = rounds;
    this.threads = threads;
  }

  /** Runs the benchmark; {@code progress} receives a line per phase. */
  public List<Row> run(Consumer<String> progress) {
    Random random = new Random(1);
    float[] images = new float[batch * 3072];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    int[] labels = random.ints(batch, 0, classes).toArray();
    List<TrainingGraph> graphs = new ArrayList<>();
    try {
      for (String reparam : reparams) {
        TrainingGraph graph =
            new TrainingGraph(
                ModelSpec.of(arch, classes, reparam),
                new DecayPolicy(1e-4),
                0.9,
                false,
                OptionalDouble.empty(),
                1,
                threads);
        graph.initialize(1);
        graphs.add(graph);
      }
      progress.accept("warm-up: " + warmupSteps + " steps each");
      for (int i = 0; i < warmupSteps; i++) {
        for (TrainingGraph graph : graphs) {
          graph.step(images, labels, batch, 0.01);
        }
      }
      double[][] seconds = new double[graphs.size()][rounds];
      for (int round = 0; round < rounds; round++) {
        for (int g = 0; g < graphs.size(); g++) {
          long start = System.nanoTime();
          graphs.get(g).step(images, labels, batch, 0.01);
          seconds[g][round] = (System.nanoTime() - start) / 1e9;
        }
        if ((round + 1) % 10 == 0) {
          progress.accept("round " + (round + 1) + "/" + rounds);
        }
      }
      long forwardFlops = ModelSummary.of(ModelSpec.of(arch, classes, "plain")).forwardFlops();
      double reference = median(seconds[0]);
      List<Row> rows = new ArrayList<>();
      for (int g = 0; g < graphs.size(); g++) {
        double median = median(seconds[g]);
        rows.add(
            new Row(
                reparams.get(g),
                median,
                median / reference,
                batch / median,
                3.0 * forwardFlops * batch / median / 1e9));
      }
      return rows;
    } finally {
      graphs.forEach(TrainingGraph::close);
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * One parameterization's result.
   *
   * @param reparam the parameterization
   * @param medianStepSeconds median step time
   * @param ratioToFirst median step time over the first parameterization's
   * @param imagesPerSecond batch / median step time
   * @param gflops achieved GFLOP/s of the deployed model's forward + backward work
   */
  public record Row(
      String reparam,
      double medianStepSeconds,
      double ratioToFirst,
      double imagesPerSecond,
      double gflops) {}
}
