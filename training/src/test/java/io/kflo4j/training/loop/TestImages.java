package io.kflo4j.training.loop;

import java.util.Random;

/** Random normalized NHWC images for the training-graph tests. */
final class TestImages {
  private TestImages() {}

  /** {@code count} 32x32x3 images of standard normal values from {@code seed}. */
  static float[] random(int count, long seed) {
    Random random = new Random(seed);
    float[] images = new float[count * 3072];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextGaussian();
    }
    return images;
  }
}
