package io.kflo4j.savedmodels;

import io.kflo4j.datasets.CifarData;
import io.kflo4j.datasets.DataDirectory;
import io.kflo4j.datasets.DatasetSpec;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.core.ImageSet;
import java.nio.file.Path;
import java.util.stream.IntStream;

/**
 * The images a verification compares on: the data set's test images when they are present,
 * synthetic random images otherwise, and always for a folder data set, which has no test set (the
 * logits must agree on any input, so random images are a valid if less telling check).
 *
 * @param images the images
 * @param source where they come from, e.g. {@code cifar10 test set} or {@code synthetic (...)}
 */
public record VerificationImages(ImageSet images, String source) {
  /** The images used when not told otherwise. */
  public static final int DEFAULT_COUNT = Equivalence.MIN_IMAGES;

  /**
   * The first {@code count} test images of {@code dataset}, or {@code count} synthetic images when
   * the data set is not installed or is a folder (or not a data set at all).
   *
   * @param dataDirOrNull the data directory given on the command line, or {@code null} for the
   *     default
   * @param count how many images, at least {@value Equivalence#MIN_IMAGES}; 0 for the whole test
   *     set
   * @param numClasses the model's classes (for synthetic images)
   */
  public static VerificationImages choose(
      String dataset, Path dataDirOrNull, int count, int numClasses) {
    if (count != 0 && count < Equivalence.MIN_IMAGES) {
      throw new IllegalArgumentException(
          "verification needs at least " + Equivalence.MIN_IMAGES + " images, got " + count);
    }
    String reason;
    try {
      if (DatasetSpec.parse(dataset) instanceof DatasetSpec.Cifar cifar) {
        CifarVariant variant = cifar.variant();
        ImageSet test = CifarData.load(variant, DataDirectory.resolve(dataDirOrNull)).test();
        if (test.numClasses() == numClasses) {
          int n = count == 0 ? test.size() : Math.min(count, test.size());
          return new VerificationImages(
              n == test.size() ? test : test.subset(IntStream.range(0, n).toArray()),
              variant.id() + " test set");
        }
        reason =
            "the "
                + variant.id()
                + " test set has "
                + test.numClasses()
                + " classes, the model "
                + numClasses;
      } else {
        reason = "a folder data set has no test set";
      }
    } catch (DatasetException | IllegalArgumentException e) {
      reason = e.getMessage();
    }
    return synthetic(count == 0 ? DEFAULT_COUNT : count, numClasses, "synthetic (" + reason + ")");
  }

  /** {@code count} random images with random labels (seeded, so reproducible). */
  public static VerificationImages synthetic(int count, int numClasses, String source) {
    return new VerificationImages(ImageSet.random(count, numClasses, 20_240_601L), source);
  }

  /** Whether these are real test images. */
  public boolean real() {
    return !source.startsWith("synthetic");
  }
}
