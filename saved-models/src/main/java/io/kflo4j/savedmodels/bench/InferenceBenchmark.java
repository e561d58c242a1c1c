package io.kflo4j.savedmodels.bench;

import io.kflo4j.datasets.ImageSet;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.layers.Mode;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.savedmodels.Equivalence;
import io.kflo4j.savedmodels.ExportRequest;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.ModelExporter;
import io.kflo4j.savedmodels.images.Pixels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Inference logits per second, in one process, from the same raw uint8 RGB images, of: (a) the
 * exported SavedModel loaded from disk ({@link ExportedModel#logits}: uint8 input, normalization in
 * the graph, the {@code logits} output copied out), (a') the same exported with batch norms folded,
 * (b) the uncollapsed training- parameterization graph (inference path: every kernel generated per
 * run) and (c) the plain architecture's graph, both fed floats normalized in Java per call (the
 * trainer's lookup tables) and returning logits; and (c0) the plain graph fed one pre-normalized
 * float tensor built once, the bare graph compute with no input preparation. All compute the same
 * function: the KFLO graph's random initial weights, collapsed for the others.
 *
 * <p>Method: every model is warmed up at every batch size, which also calibrates the iterations of
 * one measurement to about {@link Config#secondsPerMeasurement()}; then {@link Config#rounds()}
 * rounds measure each model once per batch size, in an order rotated every round; the result is
 * each model's median over the rounds and the ratios of medians.
 */
public final class InferenceBenchmark {
  /** The exported SavedModel, batch norms not folded. */
  public static final String EXPORTED = "exported";

  /** The exported SavedModel with {@code --fold-bn}. */
  public static final String EXPORTED_FOLDED = "exported, BN folded";

  /** The uncollapsed KFLO graph. */
  public static final String TRAINING_GRAPH = "uncollapsed";

  /** The plain architecture's graph, normalizing in Java per call. */
  public static final String PLAIN_GRAPH = "plain graph";

  /** The plain architecture's graph fed a pre-built normalized tensor. */
  public static final String PLAIN_GRAPH_PREPARED = "plain graph, input prepared";

  private InferenceBenchmark() {}

  /**
   * What to measure.
   *
   * @param architecture e.g. {@code cifar-quick}
   * @param parameterization the uncollapsed model's, e.g. {@code kflo:2x4}
   * @param numClasses classes
   * @param batchSizes e.g. 1 and 256
   * @param rounds measurement rounds (median over them)
   * @param secondsPerMeasurement target duration of one measurement
   * @param seed weights and images
   */
  public record Config(
      String architecture,
      String parameterization,
      int numClasses,
      List<Integer> batchSizes,
      int rounds,
      double secondsPerMeasurement,
      long seed) {
    /** Validates. */
    public Config {
      if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1)) {
        throw new IllegalArgumentException("--batch sizes must be >= 1, got " + batchSizes);
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
      }
      if (!(secondsPerMeasurement > 0)) {
        throw new IllegalArgumentException(
            "--seconds (per measurement) must be > 0, got " + secondsPerMeasurement);
      }
      batchSizes = List.copyOf(batchSizes);
    }

    /** The issue's benchmark: kflo:2x4 Cifar-quick, batches 1 and 256, 7 rounds of about 1 s. */
    public static Config standard() {
      return new Config("cifar-quick", "kflo:2x4", 10, List.of(1, 256), 7, 1.0, 42);
    }
  }

  /**
   * One model at one batch size.
   *
   * @param model the model's label
   * @param batch the batch size
   * @param iterations session runs per measurement
   * @param imagesPerSecond one value per round
   */
  public record Measurement(String model, int batch, int iterations, double[] imagesPerSecond) {
    /** The median over the rounds. */
    public double median() {
      double[] sorted = imagesPerSecond.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }

  /**
   * All measurements.
   *
   * @param config what was measured
   * @param measurements per model and batch size
   */
  public record Result(Config config, List<Measurement> measurements) {
    /** The median images/s of a model at a batch size. */
    public double median(String model, int batch) {
      return measurements.stream()
          .filter(m -> m.model().equals(model) && m.batch() == batch)
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException("no measurement of " + model + " at batch " + batch))
          .median();
    }

    /** {@code median(numerator, batch) / median(denominator, batch)}. */
    public double ratio(String numerator, String denominator, int batch) {
      return median(numerator, batch) / median(denominator, batch);
    }

    /** A Markdown table: one row per batch size. */
    public String table() {
      StringBuilder table =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "| batch | (a) %s | (a') %s | (b) %s %s | (c) %s | (c0) %s | a/c | a'/c | a/b | a'/b | a/c0 |%n"
                      + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n",
                  EXPORTED,
                  EXPORTED_FOLDED,
                  TRAINING_GRAPH,
                  config.parameterization(),
                  PLAIN_GRAPH,
                  PLAIN_GRAPH_PREPARED));
      for (int batch : config.batchSizes()) {
        table.append(
            String.format(
                Locale.ROOT,
                "| %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                batch,
                median(EXPORTED, batch),
                median(EXPORTED_FOLDED, batch),
                median(TRAINING_GRAPH, batch),
                median(PLAIN_GRAPH, batch),
                median(PLAIN_GRAPH_PREPARED, batch),
                ratio(EXPORTED, PLAIN_GRAPH, batch),
                ratio(EXPORTED_FOLDED, PLAIN_GRAPH, batch),
                ratio(EXPORTED, TRAINING_GRAPH, batch),
                ratio(EXPORTED_FOLDED, TRAINING_GRAPH, batch),
                ratio(EXPORTED, PLAIN_GRAPH_PREPARED, batch)));
      }
      return table.toString();
    }
  }

  /** A model that runs one batch of prepared inputs. */
  private interface Runner {
    void run(int batch);
  }

  /**
   * Runs the benchmark.
   *
   * @param workDirectory where the SavedModels are exported (a fresh, empty directory)
   * @param log receives a line per phase
   */
  public static Result run(Config config, Path workDirectory, Consumer<String> log) {
    ModelSpec spec =
        ModelSpec.of(config.architecture(), config.numClasses(), config.parameterization());
    int maxBatch = config.batchSizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
    byte[] pixels = new byte[maxBatch * Pixels.IMAGE_BYTES];
    new Random(config.seed()).nextBytes(pixels);
    Normalization normalization = Normalization.standard();
    Map<Integer, byte[]> pixelBatches = new LinkedHashMap<>();
    Map<Integer, TFloat32> floatBatches = new LinkedHashMap<>();
    try (GraphModel uncollapsed = new GraphModel(spec, config.seed());
        GraphModel plain =
            new GraphModel(
                spec.withParameterization(new io.kflo4j.graph.reparam.PlainParameterization()),
                config.seed())) {
      Map<String, float[]> deployed = uncollapsed.model.deployedValues(uncollapsed.session);
      plain.model.variables().assign(plain.session, deployed);
      log.accept("exporting " + spec + " (random weights) to " + workDirectory);
      Path unfoldedDir = workDirectory.resolve("exported");
      Path foldedDir = workDirectory.resolve("exported-folded");
      for (boolean fold : new boolean[] {false, true}) {
        ModelExporter.export(
            ExportRequest.builder()
                .setSpec(spec)
                .setDeployedValues(deployed)
                .setReference(uncollapsed::logits)
                .setClassNames(
                    IntStream.range(0, config.numClasses()).mapToObj(i -> "class" + i).toList())
                .setDataset("synthetic")
                .setVerificationImages(
                    ImageSet.random(Equivalence.MIN_IMAGES, config.numClasses(), config.seed()),
                    "synthetic")
                .setTarget(fold ? foldedDir : unfoldedDir)
                .optFoldBatchNorm(fold)
                .build());
      }
      try (ExportedModel exported = ExportedModel.load(unfoldedDir);
          ExportedModel folded = ExportedModel.load(foldedDir)) {
        for (int batch : config.batchSizes()) {
          pixelBatches.put(batch, Arrays.copyOf(pixels, batch * Pixels.IMAGE_BYTES));
          floatBatches.put(
              batch,
              TFloat32.tensorOf(
                  Shape.of(batch, Pixels.SIDE, Pixels.SIDE, 3),
                  DataBuffers.of(
                      Pixels.normalize(pixelBatches.get(batch), normalization), true, false)));
        }
        Map<String, Runner> runners = new LinkedHashMap<>();
        runners.put(EXPORTED, batch -> exported.logits(pixelBatches.get(batch), batch));
        runners.put(EXPORTED_FOLDED, batch -> folded.logits(pixelBatches.get(batch), batch));
        runners.put(
            TRAINING_GRAPH,
            batch ->
                uncollapsed.logits(
                    Pixels.normalize(pixelBatches.get(batch), normalization), batch));
        runners.put(
            PLAIN_GRAPH,
            batch -> plain.logits(Pixels.normalize(pixelBatches.get(batch), normalization), batch));
        runners.put(PLAIN_GRAPH_PREPARED, batch -> plain.logits(floatBatches.get(batch)));
        return measure(config, runners, log);
      } finally {
        floatBatches.values().forEach(TFloat32::close);
      }
    }
  }

  private static Result measure(Config config, Map<String, Runner> runners, Consumer<String> log) {
    Map<String, Integer> iterations = new LinkedHashMap<>();
    log.accept("warming up");
    for (int batch : config.batchSizes()) {
      for (Map.Entry<String, Runner> runner : runners.entrySet()) {
        double seconds = warmUp(runner.getValue(), batch, config.secondsPerMeasurement());
        iterations.put(
            key(runner.getKey(), batch),
            (int) Math.max(1, Math.round(config.secondsPerMeasurement() / seconds)));
      }
    }
    List<String> names = new ArrayList<>(runners.keySet());
    Map<String, double[]> rates = new LinkedHashMap<>();
    for (int round = 0; round < config.rounds(); round++) {
      for (int batch : config.batchSizes()) {
        for (int i = 0; i < names.size(); i++) {
          String name = names.get((i + round) % names.size());
          int n = iterations.get(key(name, batch));
          long start = System.nanoTime();
          for (int k = 0; k < n; k++) {
            runners.get(name).run(batch);
          }
          double elapsed = (System.nanoTime() - start) / 1e9;
          rates.computeIfAbsent(key(name, batch), k -> new double[config.rounds()])[round] =
              n * batch / elapsed;
        }
      }
      log.accept("round " + (round + 1) + "/" + config.rounds() + " done");
    }
    List<Measurement> measurements = new ArrayList<>();
    for (int batch : config.batchSizes()) {
      for (String name : names) {
        measurements.add(
            new Measurement(
                name, batch, iterations.get(key(name, batch)), rates.get(key(name, batch))));
      }
    }
    return new Result(config, measurements);
  }

  /**
   * Runs until about {@code seconds} have passed (at least 3 runs) and returns the seconds of one
   * run.
   */
  private static double warmUp(Runner runner, int batch, double seconds) {
    runner.run(batch);
    long start = System.nanoTime();
    int runs = 0;
    while (runs < 3 || (System.nanoTime() - start) / 1e9 < seconds) {
      runner.run(batch);
      runs++;
    }
    return (System.nanoTime() - start) / 1e9 / runs;
  }

  private static String key(String model, int batch) {
    return model + "@" + batch;
  }

  /** A model's inference path in its own graph and session, fed normalized floats. */
  private static final class GraphModel implements AutoCloseable {
    final Graph graph = new Graph();
    final Session session;
    final Model model;
    final Placeholder<TFloat32> images;

    GraphModel(ModelSpec spec, long seed) {
      Ops tf = Ops.create(graph);
      images =
          tf.placeholder(
              TFloat32.class, Placeholder.shape(Shape.of(-1, Pixels.SIDE, Pixels.SIDE, 3)));
      model = Model.build(tf, images, spec, EnumSet.of(Mode.INFERENCE), seed);
      session = new Session(graph);
      model.initialize(session, seed);
    }

    float[] logits(TFloat32 batch) {
      try (org.tensorflow.Result result =
          session.runner().feed(images, batch).fetch(model.logits(Mode.INFERENCE)).run()) {
        return TensorValues.copy((TFloat32) result.get(0));
      }
    }

    float[] logits(float[] normalizedNhwc, int count) {
      try (TFloat32 x =
          TFloat32.tensorOf(
              Shape.of(count, Pixels.SIDE, Pixels.SIDE, 3),
              DataBuffers.of(normalizedNhwc, true, false))) {
        return logits(x);
      }
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }
}
