package io.kflo4j.training.loop;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Tensors of a batch to feed the training graph: normalized NHWC images and their labels. */
final class ImageTensors {
  private ImageTensors() {}

  /** The first {@code count} images of {@code images}, as a [count, 32, 32, 3] tensor. */
  static TFloat32 images(float[] images, int count) {
    return TFloat32.tensorOf(Shape.of(count, 32, 32, 3), DataBuffers.of(images, true, false));
  }

  /** The first {@code count} labels. */
  static TInt32 labels(int[] labels, int count) {
    return TInt32.vectorOf(
        count == labels.length ? labels : java.util.Arrays.copyOf(labels, count));
  }
}
