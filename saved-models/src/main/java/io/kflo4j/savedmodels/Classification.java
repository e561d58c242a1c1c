package io.kflo4j.savedmodels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The outputs of an exported model for a batch of images.
 *
 * @param count images
 * @param numClasses classes
 * @param logits row-major {@code [count, numClasses]}
 * @param probabilities softmax of the logits, row-major {@code [count, numClasses]}
 * @param classes the predicted class (argmax) of each image
 */
public record Classification(
    int count, int numClasses, float[] logits, float[] probabilities, int[] classes) {

  /**
   * A class and its probability.
   *
   * @param classIndex the class
   * @param probability its probability
   */
  public record Prediction(int classIndex, float probability) {}

  /** Validates the array sizes. */
  public Classification {
    if (logits.length != count * numClasses
        || probabilities.length != count * numClasses
        || classes.length != count) {
      throw new IllegalArgumentException(
          "outputs do not match " + count + " images of " + numClasses + " classes");
    }
  }

  /** The logits of one image. */
  public float[] logitsOf(int image) {
    return java.util.Arrays.copyOfRange(logits, image * numClasses, (image + 1) * numClasses);
  }

  /**
   * The {@code k} most probable classes of one image, most probable first (ties: lower class
   * first).
   */
  public List<Prediction> top(int image, int k) {
    int offset = image * numClasses;
    List<Integer> order = new ArrayList<>(IntStream.range(0, numClasses).boxed().toList());
    order.sort(
        Comparator.<Integer>comparingDouble(c -> -probabilities[offset + c])
            .thenComparingInt(c -> c));
    List<Prediction> top = new ArrayList<>();
    for (int i = 0; i < Math.min(k, numClasses); i++) {
      int c = order.get(i);
      top.add(new Prediction(c, probabilities[offset + c]));
    }
    return top;
  }
}
