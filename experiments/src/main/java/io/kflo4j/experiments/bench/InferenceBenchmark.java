package io.kflo4j.experiments.bench;

import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.experiments.bench.RoundRobinMeasurement.BatchRunner;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.savedmodels.Equivalence;
import io.kflo4j.savedmodels.ExportFormat;
import io.kflo4j.savedmodels.ExportRequest;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.ModelExporter;
import io.kflo4j.savedmodels.OnnxModel;
import io.kflo4j.savedmodels.images.Pixels;
import io.kflo4j.savedmodels.onnx.OnnxFormat;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Inference logits per second, in one process, from the same raw uint8 RGB images, of: (a) the
 * exported SavedModel loaded from disk ({@link ExportedModel#logits}: uint8 input, normalization in
 * the graph, the {@code logits} output copied out), (a') the same exported with batch norms folded,
 * (d) and (d') the same two exports' {@code model.onnx} run by ONNX Runtime ({@link
 * OnnxModel#logits}, the same uint8 input and logits output), (b) the uncollapsed training-
 * parameterization graph (inference path: every kernel generated per run) and (c) the plain
 * architecture's graph, both fed floats normalized in Java per call (the trainer's lookup tables)
 * and returning logits; and (c0) the plain graph fed one pre-normalized float tensor built once,
 * the bare graph compute with no input preparation. All compute the same function: the KFLO graph's
 * random initial weights, collapsed for the others.
 *
 * <p>Method: every model is warmed up at every batch size, which also calibrates the iterations of
 * one measurement to about {@link Config#secondsPerMeasurement()}; then {@link Config#rounds()}
 * rounds measure each model once per batch size, in an order rotated every round; the result is
 * each model's median over the rounds and the ratios of medians. At batch 1 every call's latency is
 * kept too, for its median and 99th percentile over all rounds.
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

  /** The unfolded export's {@code model.onnx} in ONNX Runtime. */
  public static final String ONNX = "ONNX Runtime";

  /** The folded export's {@code model.onnx} in ONNX Runtime. */
  public static final String ONNX_FOLDED = "ONNX Runtime, BN folded";

  /** The models in table order, with their letters. */
  private static final List<String> LABELS =
      List.of(
          "(a) " + EXPORTED,
          "(a') " + EXPORTED_FOLDED,
          "(d) " + ONNX,
          "(d') " + ONNX_FOLDED,
          "(b) " + TRAINING_GRAPH,
          "(c) " + PLAIN_GRAPH,
          "(c0) " + PLAIN_GRAPH_PREPARED);

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

    /** The benchmark: kflo:2x4 Cifar-quick, batches 1 and 256, 7 rounds of about 1 s. */
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
   * @param latenciesMillis every call's latency over all rounds, in milliseconds (kept at batch 1
   *     only; empty otherwise)
   */
  public record Measurement(
      String model, int batch, int iterations, double[] imagesPerSecond, double[] latenciesMillis) {
    /** A measurement without latencies. */
    public Measurement(String model, int batch, int iterations, double[] imagesPerSecond) {
      this(model, batch, iterations, imagesPerSecond, new double[0]);
    }

    /**
     * The {@code q}-quantile of the latencies (nearest rank), in milliseconds.
     *
     * @param q in (0, 1], e.g. 0.5 or 0.99
     * @throws IllegalStateException when no latency was kept
     */
    public double latencyQuantile(double q) {
      if (latenciesMillis.length == 0) {
        throw new IllegalStateException("no latencies kept for " + model + " at batch " + batch);
      }
      return Statistics.quantile(latenciesMillis, q);
    }

    /** The median over the rounds. */
    public double median() {
      return Statistics.median(imagesPerSecond);
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
      return measurement(model, batch).median();
    }

    /** The measurement of a model at a batch size. */
    public Measurement measurement(String model, int batch) {
      return measurements.stream()
          .filter(m -> m.model().equals(model) && m.batch() == batch)
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "no measurement of " + model + " at batch " + batch));
    }

    /** {@code median(numerator, batch) / median(denominator, batch)}. */
    public double ratio(String numerator, String denominator, int batch) {
      return median(numerator, batch) / median(denominator, batch);
    }

    /**
     * A Markdown table: one row per model, its median images/s at each batch size and, when batch 1
     * was measured, its median and 99th-percentile latency at batch 1.
     */
    public String table() {
      boolean latencies = config.batchSizes().contains(1);
      StringBuilder table = new StringBuilder("| model |");
      StringBuilder rule = new StringBuilder("|---|");
      for (int batch : config.batchSizes()) {
        table.append(" images/s, batch ").append(batch).append(" |");
        rule.append("---:|");
      }
      if (latencies) {
        table.append(" p50 ms, batch 1 | p99 ms, batch 1 |");
        rule.append("---:|---:|");
      }
      table.append('\n').append(rule).append('\n');
      for (String label : LABELS) {
        String model = label.substring(label.indexOf(' ') + 1);
        String name =
            model.equals(TRAINING_GRAPH) ? label + " " + config.parameterization() : label;
        table.append("| ").append(name).append(" |");
        for (int batch : config.batchSizes()) {
          table.append(String.format(Locale.ROOT, " %.0f |", median(model, batch)));
        }
        if (latencies) {
          Measurement single = measurement(model, 1);
          table.append(
              String.format(
                  Locale.ROOT,
                  " %.3f | %.3f |",
                  single.latencyQuantile(0.5),
                  single.latencyQuantile(0.99)));
        }
        table.append('\n');
      }
      return table.toString();
    }
  }

  /**
   * Runs the benchmark.
   *
   * @param workDirectory where the SavedModels are exported (a fresh, empty directory)
   * @param log receives a line per phase
   */
  public static Result run(Config config, Path workDirectory, Consumer<String> log) {
    return run(config, null, workDirectory, log);
  }

  /**
   * Runs the benchmark on the first images of {@code imagesOrNull} (every model sees the same
   * ones), or on random pixels when null.
   *
   * @param workDirectory where the models are exported (a fresh, empty directory)
   * @param log receives a line per phase
   * @throws IllegalArgumentException when there are fewer images than the largest batch
   */
  public static Result run(
      Config config, ImageSet imagesOrNull, Path workDirectory, Consumer<String> log) {
    ModelSpec spec =
        ModelSpec.of(config.architecture(), config.numClasses(), config.parameterization());
    int maxBatch = config.batchSizes().stream().mapToInt(Integer::intValue).max().orElseThrow();
    byte[] pixels = new byte[maxBatch * Pixels.IMAGE_BYTES];
    if (imagesOrNull == null) {
      new Random(config.seed()).nextBytes(pixels);
    } else if (imagesOrNull.size() < maxBatch) {
      throw new IllegalArgumentException(
          "the largest batch is " + maxBatch + " images, the set has " + imagesOrNull.size());
    } else {
      pixels = Pixels.planarToNhwc(imagesOrNull.pixels(), 0, maxBatch);
    }
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
                .optFormat(ExportFormat.BOTH)
                .build());
      }
      try (ExportedModel exported = ExportedModel.load(unfoldedDir);
          ExportedModel folded = ExportedModel.load(foldedDir);
          OnnxModel onnx = OnnxModel.load(unfoldedDir.resolve(OnnxFormat.MODEL_FILE));
          OnnxModel onnxFolded = OnnxModel.load(foldedDir.resolve(OnnxFormat.MODEL_FILE))) {
        for (int batch : config.batchSizes()) {
          pixelBatches.put(batch, Arrays.copyOf(pixels, batch * Pixels.IMAGE_BYTES));
          floatBatches.put(
              batch,
              TFloat32.tensorOf(
                  Shape.of(batch, Pixels.SIDE, Pixels.SIDE, 3),
                  DataBuffers.of(
                      Pixels.normalize(pixelBatches.get(batch), normalization), true, false)));
        }
        Map<String, BatchRunner> runners = new LinkedHashMap<>();
        runners.put(EXPORTED, batch -> exported.logits(pixelBatches.get(batch), batch));
        runners.put(EXPORTED_FOLDED, batch -> folded.logits(pixelBatches.get(batch), batch));
        runners.put(ONNX, batch -> onnx.logits(pixelBatches.get(batch), batch));
        runners.put(ONNX_FOLDED, batch -> onnxFolded.logits(pixelBatches.get(batch), batch));
        runners.put(
            TRAINING_GRAPH,
            batch ->
                uncollapsed.logits(
                    Pixels.normalize(pixelBatches.get(batch), normalization), batch));
        runners.put(
            PLAIN_GRAPH,
            batch -> plain.logits(Pixels.normalize(pixelBatches.get(batch), normalization), batch));
        runners.put(PLAIN_GRAPH_PREPARED, batch -> plain.logits(floatBatches.get(batch)));
        return new Result(config, RoundRobinMeasurement.measure(config, runners, log));
      } finally {
        floatBatches.values().forEach(TFloat32::close);
      }
    }
  }
}
