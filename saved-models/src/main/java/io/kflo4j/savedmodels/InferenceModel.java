package io.kflo4j.savedmodels;

import io.kflo4j.common.progress.ProgressReporter;
import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.images.Pixels;
import io.kflo4j.savedmodels.metadata.ExportMetadata;
import io.kflo4j.savedmodels.trust.ModelTrust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A model exported by kflo4j that classifies images: a SavedModel run by TensorFlow ({@link
 * ExportedModel}) or an ONNX file run by ONNX Runtime ({@link OnnxModel}). Both take raw uint8 RGB
 * pixels (NHWC) and normalize inside their graph. Not thread-safe; close it to free the native
 * session.
 */
public interface InferenceModel extends AutoCloseable {
  /** Images per run in {@link #evaluate}. */
  int EVALUATION_BATCH = 256;

  /**
   * Opens the model at {@code path}: an ONNX file ({@code model.onnx}, or any regular file) or a
   * SavedModel directory.
   *
   * @param trust see {@link ModelTrust}; {@link ModelTrust#CHECKED} refuses a graph that is not
   *     what kflo4j writes
   * @throws SavedModelException naming the path and what is wrong with it
   */
  static InferenceModel load(Path path, ModelTrust trust) {
    return Files.isRegularFile(path) || path.getFileName().toString().endsWith(".onnx")
        ? OnnxModel.load(path, trust)
        : ExportedModel.load(path, trust);
  }

  /** The SavedModel directory or the ONNX file, absolute. */
  Path location();

  /**
   * A short name for reports and default output directories: the SavedModel directory's name, or
   * for an ONNX file its directory's name followed by {@code -onnx}.
   */
  String name();

  /** What the model is. */
  ExportMetadata metadata();

  /**
   * Classifies a batch of images.
   *
   * @param pixelsNhwc {@code count * 32 * 32 * 3} raw RGB bytes, NHWC (interleaved)
   * @param count images
   * @throws SavedModelException if the model cannot be run
   */
  Classification classify(byte[] pixelsNhwc, int count);

  /**
   * The logits alone of a batch of images.
   *
   * @param pixelsNhwc {@code count * 32 * 32 * 3} raw RGB bytes, NHWC (interleaved)
   * @param count images
   * @return row-major {@code [count, classes]}
   * @throws SavedModelException if the model cannot be run or gives another number of logits than
   *     its metadata's classes
   */
  float[] logits(byte[] pixelsNhwc, int count);

  /**
   * Runs the model on one blank image and checks that it gives one logit per class of the metadata,
   * so that metadata which lies about the classes is named before any images are compared with it.
   *
   * @throws SavedModelException naming the model, the logits and the metadata's class count
   */
  default void checkClassCount() {
    logits(new byte[Pixels.IMAGE_BYTES], 1);
  }

  /** {@link #evaluate(ImageSet, ProgressReporter)} without progress. */
  default Evaluation evaluate(ImageSet images) {
    return evaluate(images, ProgressReporters.none());
  }

  /**
   * Top-1, top-5, per-class accuracy and confusion matrix on a labelled set.
   *
   * @throws SavedModelException if the model's logits are not one per class of its metadata
   * @throws IllegalArgumentException if the set's classes (count or names, in order) differ from
   *     the model's
   */
  default Evaluation evaluate(ImageSet images, ProgressReporter progress) {
    checkClassCount();
    ExportMetadata metadata = metadata();
    if (images.numClasses() != metadata.numClasses()) {
      throw new IllegalArgumentException(
          "the images have "
              + images.numClasses()
              + " classes, the model "
              + metadata.numClasses());
    }
    if (!images.classNames().equals(metadata.classNames())) {
      throw new IllegalArgumentException(
          "the images' classes "
              + images.classNames()
              + " are not the model's "
              + metadata.classNames());
    }
    Evaluation.Accumulator accumulator = Evaluation.accumulator(metadata.classNames());
    int[] labels = images.labels();
    progress.start("evaluating " + name(), images.size(), "images");
    try {
      for (int first = 0; first < images.size(); first += EVALUATION_BATCH) {
        int count = Math.min(EVALUATION_BATCH, images.size() - first);
        float[] logits = logits(Pixels.planarToNhwc(images.pixels(), first, count), count);
        accumulator.add(logits, Arrays.copyOfRange(labels, first, first + count));
        progress.step(count);
      }
    } finally {
      progress.finish();
    }
    return accumulator.result();
  }

  /**
   * {@code logits} when they are one per class of {@code model}'s metadata for each of {@code
   * count} images.
   *
   * @throws SavedModelException naming the model, the logits per image and the metadata's classes
   */
  static float[] requireOnePerClass(float[] logits, int count, InferenceModel model) {
    int classes = model.metadata().numClasses();
    if (logits.length != count * classes) {
      throw new SavedModelException(
          model.location()
              + " gives "
              + logits.length / Math.max(count, 1)
              + " logits per image, its metadata says "
              + classes
              + " classes");
    }
    return logits;
  }

  /** Frees the native session. */
  @Override
  void close();
}
