package io.kflo4j.savedmodels;

import io.kflo4j.common.progress.ProgressReporter;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.images.Pixels;
import java.util.Locale;

/**
 * Compares an exported model's logits with its reference network's on the same images: the largest
 * absolute difference and how many predicted classes differ.
 *
 * @param images images compared
 * @param imageSource where they came from
 * @param maxAbsDifference the largest absolute logit difference
 * @param classMismatches images whose predicted class differs
 * @param tolerance the largest difference accepted
 */
public record Equivalence(
    int images,
    String imageSource,
    double maxAbsDifference,
    int classMismatches,
    double tolerance) {
  /** The accepted absolute logit difference. */
  public static final double TOLERANCE = 1e-4;

  /** The fewest images a verification may use. */
  public static final int MIN_IMAGES = 512;

  /** Images per batch. */
  public static final int BATCH = 128;

  /** Whether the difference is within tolerance and every predicted class agrees. */
  public boolean passed() {
    return maxAbsDifference <= tolerance && classMismatches == 0;
  }

  /**
   * Measures the equivalence of {@code model} with {@code reference} on {@code images}.
   *
   * @param normalization turns the pixels into the reference's input (the model normalizes inside
   *     its graph)
   * @param task names the work in progress reports
   * @throws IllegalArgumentException with fewer than {@value #MIN_IMAGES} images
   */
  public static Equivalence measure(
      InferenceModel model,
      ReferenceModel reference,
      Normalization normalization,
      ImageSet images,
      String imageSource,
      String task,
      ProgressReporter progress) {
    if (images.size() < MIN_IMAGES) {
      throw new IllegalArgumentException(
          "verification needs at least " + MIN_IMAGES + " images, got " + images.size());
    }
    int classes = model.metadata().numClasses();
    double maxDiff = 0;
    int mismatches = 0;
    progress.start(task, images.size(), "images");
    try {
      for (int first = 0; first < images.size(); first += BATCH) {
        int count = Math.min(BATCH, images.size() - first);
        byte[] nhwc = Pixels.planarToNhwc(images.pixels(), first, count);
        Classification exported = model.classify(nhwc, count);
        float[] expected = reference.logits(Pixels.normalize(nhwc, normalization), count);
        if (expected.length != exported.logits().length) {
          throw new SavedModelException(
              "the reference gives "
                  + expected.length / count
                  + " logits per image, "
                  + model.location()
                  + " gives "
                  + classes);
        }
        for (int i = 0; i < expected.length; i++) {
          double diff = Math.abs((double) expected[i] - exported.logits()[i]);
          if (!(diff <= maxDiff)) {
            maxDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
          }
        }
        for (int n = 0; n < count; n++) {
          if (Evaluation.argmax(expected, n * classes, classes) != exported.classes()[n]) {
            mismatches++;
          }
        }
        progress.step(count);
      }
    } finally {
      progress.finish();
    }
    return new Equivalence(images.size(), imageSource, maxDiff, mismatches, TOLERANCE);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%d images (%s): max |logit difference| %.3g (tolerance %.0e), %d predicted "
            + "classes differ",
        images,
        imageSource,
        maxAbsDifference,
        tolerance,
        classMismatches);
  }
}
