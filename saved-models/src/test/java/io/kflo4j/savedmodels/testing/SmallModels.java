package io.kflo4j.savedmodels.testing;

import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.savedmodels.Equivalence;
import io.kflo4j.savedmodels.ExportFormat;
import io.kflo4j.savedmodels.ExportRequest;
import io.kflo4j.savedmodels.ModelExporter;
import io.kflo4j.savedmodels.onnx.OnnxFormat;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.loop.TrainingGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Small exported models for tests of other modules (this class travels in the saved-models test
 * jar).
 */
public final class SmallModels {
  private static Path shared;

  private SmallModels() {}

  /**
   * One export ({@link #export(Path)}) made once per test JVM into a temporary directory that is
   * deleted when the JVM exits. Tests must not change it: {@link #copy} it first.
   */
  public static synchronized Path shared() {
    if (shared == null) {
      try {
        Path directory = Files.createTempDirectory("kflo4j-small-model");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(directory)));
        shared = export(directory.resolve("model"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  /** {@code count} class names {@code class0, class1, ...}. */
  public static List<String> classNames(int count) {
    return IntStream.range(0, count).mapToObj(i -> "class" + i).toList();
  }

  /** {@link #export(Path, boolean)} with the batch norms kept. */
  public static Path export(Path target) {
    return export(target, false);
  }

  /**
   * Exports the initial weights of a plain cifar-quick (10 classes, seed 1) to {@code target} with
   * kflo4j's exporter, verified on 512 synthetic images (a second or two).
   */
  public static Path export(Path target, boolean foldBatchNorm) {
    return export(target, foldBatchNorm, 1);
  }

  /** {@link #export(Path, boolean)} of the initial weights of {@code seed}. */
  public static Path export(Path target, boolean foldBatchNorm, long seed) {
    return export(target, foldBatchNorm, seed, ExportFormat.SAVEDMODEL);
  }

  /**
   * {@link #export(Path, boolean)} as ONNX alone: {@code target/model.onnx} (returned), verified in
   * ONNX Runtime.
   */
  public static Path exportOnnx(Path target, boolean foldBatchNorm) {
    return export(target, foldBatchNorm, 1, ExportFormat.ONNX).resolve(OnnxFormat.MODEL_FILE);
  }

  /** {@link #export(Path, boolean)} of the initial weights of {@code seed} in {@code format}. */
  public static Path export(Path target, boolean foldBatchNorm, long seed, ExportFormat format) {
    ModelSpec spec = ModelSpec.of("cifar-quick", 10, "plain");
    try (TrainingGraph graph = new TrainingGraph(spec, OptimizerSettings.reference(), seed, 0)) {
      graph.initialize(seed);
      ModelExporter.export(
          ExportRequest.builder()
              .setSpec(spec)
              .setDeployedValues(graph.model().deployedValues(graph.session()))
              .setReference(graph::logits)
              .setClassNames(classNames(spec.numClasses()))
              .setDataset("synthetic")
              .setVerificationImages(
                  ImageSet.random(Equivalence.MIN_IMAGES, spec.numClasses(), 99), "synthetic")
              .setTarget(target)
              .optFoldBatchNorm(foldBatchNorm)
              .optFormat(format)
              .build());
    }
    return target;
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory; the system cleans it eventually
    }
  }
}
