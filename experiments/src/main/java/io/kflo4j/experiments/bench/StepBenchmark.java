package io.kflo4j.experiments.bench;

import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.ModelSummary;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.loop.TrainingGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Training-step times of several parameterizations of one architecture, measured side by side in
 * one process: after warm-up, rounds that each time one step of every graph in turn, so machine
 * noise hits all alike. Reports medians, the ratio to the first parameterization, images/s and
 * achieved GFLOP/s (analytic forward + backward FLOPs of the deployed model: 3x forward, the usual
 * estimate), and optionally a profile by op type of each graph's step ({@link StepProfile}).
 */
public final class StepBenchmark {
  private final Settings settings;

  /**
   * What to measure.
   *
   * @param arch the architecture
   * @param reparams parameterization specs; the first is the reference of the ratios
   * @param classes classifier outputs
   * @param batch images per step
   * @param warmupSteps untimed steps per graph first
   * @param rounds timed rounds
   * @param threads intra-op threads, 0 for TensorFlow's default
   * @param profileSteps traced steps per graph after the timed rounds, 0 for no profile
   */
  public record Settings(
      String arch,
      List<String> reparams,
      int classes,
      int batch,
      int warmupSteps,
      int rounds,
      int threads,
      int profileSteps) {
    /** Checks the counts and copies the list. */
    public Settings {
      if (reparams.isEmpty()) {
        throw new IllegalArgumentException("name at least one parameterization");
      }
      if (batch < 1 || warmupSteps < 0 || rounds < 1 || profileSteps < 0) {
        throw new IllegalArgumentException(
            "batch and rounds must be >= 1, warm-up and profile steps >= 0");
      }
      reparams = List.copyOf(reparams);
    }
  }

  /** A benchmark of {@code settings}. */
  public StepBenchmark(Settings settings) {
    this.settings = settings;
  }

  /** Runs the benchmark; {@code progress} receives a line per phase. */
  public List<Row> run(Consumer<String> progress) {
    return run(progress, 1, chunk -> {});
  }

  /**
   * Runs the benchmark with its rounds in {@code chunks} parts, calling {@code afterChunk} (with
   * the chunk's index) after each: for a reference measured in between, under the same noise.
   */
  public List<Row> run(Consumer<String> progress, int chunks, IntConsumer afterChunk) {
    Random random = new Random(1);
    int batch = settings.batch();
    float[] images = new float[batch * 3072];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    int[] labels = random.ints(batch, 0, settings.classes()).toArray();
    List<TrainingGraph> graphs = new ArrayList<>();
    try {
      for (String reparam : settings.reparams()) {
        TrainingGraph graph =
            new TrainingGraph(
                ModelSpec.of(settings.arch(), settings.classes(), reparam),
                OptimizerSettings.reference(),
                1,
                settings.threads());
        graph.initialize(1);
        graphs.add(graph);
      }
      progress.accept("warm-up: " + settings.warmupSteps() + " steps each");
      for (int i = 0; i < settings.warmupSteps(); i++) {
        for (TrainingGraph graph : graphs) {
          graph.step(images, labels, batch, 0.01);
        }
      }
      int rounds = settings.rounds();
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
        int chunk = (round + 1) * chunks / rounds;
        if (chunk > round * chunks / rounds) {
          afterChunk.accept(chunk - 1);
        }
      }
      List<Optional<StepProfile>> profiles = profiles(graphs, images, labels, progress);
      long forwardFlops =
          ModelSummary.of(ModelSpec.of(settings.arch(), settings.classes(), "plain"))
              .forwardFlops();
      double reference = Statistics.median(seconds[0]);
      List<Row> rows = new ArrayList<>();
      for (int g = 0; g < graphs.size(); g++) {
        double median = Statistics.median(seconds[g]);
        rows.add(
            new Row(
                settings.reparams().get(g),
                median,
                median / reference,
                batch / median,
                3.0 * forwardFlops * batch / median / 1e9,
                profiles.get(g)));
      }
      return rows;
    } finally {
      graphs.forEach(TrainingGraph::close);
    }
  }

  private List<Optional<StepProfile>> profiles(
      List<TrainingGraph> graphs, float[] images, int[] labels, Consumer<String> progress) {
    List<Optional<StepProfile>> profiles = new ArrayList<>();
    if (settings.profileSteps() > 0) {
      progress.accept("profile: " + settings.profileSteps() + " traced steps each");
    }
    for (TrainingGraph graph : graphs) {
      if (settings.profileSteps() == 0) {
        profiles.add(Optional.empty());
        continue;
      }
      StepProfile profile = new StepProfile();
      for (int i = 0; i < settings.profileSteps(); i++) {
        profile.add(graph.tracedStep(images, labels, settings.batch(), 0.01));
      }
      profiles.add(Optional.of(profile));
    }
    return profiles;
  }

  /**
   * One parameterization's result.
   *
   * @param reparam the parameterization
   * @param medianStepSeconds median step time
   * @param ratioToFirst median step time over the first parameterization's
   * @param imagesPerSecond batch / median step time
   * @param gflops achieved GFLOP/s of the deployed model's forward + backward work
   * @param profile where the step's time goes, when asked for
   */
  public record Row(
      String reparam,
      double medianStepSeconds,
      double ratioToFirst,
      double imagesPerSecond,
      double gflops,
      Optional<StepProfile> profile) {}
}
