package io.kflo4j.datasets.core;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Labelled 32x32 RGB images held as bytes, in the CIFAR files' own order: image after image, each
 * 3072 bytes of planes (1024 red, 1024 green, 1024 blue, each row-major 32x32), i.e. CHW planar.
 * Immutable by contract.
 */
public final class ImageSet {
  /** Height and width of every image. */
  public static final int SIDE = 32;

  /** Colour channels of every image. */
  public static final int CHANNELS = 3;

  /** Bytes of one channel plane. */
  public static final int PLANE_BYTES = SIDE * SIDE;

  /** Bytes of one image. */
  public static final int IMAGE_BYTES = CHANNELS * PLANE_BYTES;

  private final byte[] pixels;
  private final int[] labels;
  private final List<String> classNames;

  private ImageSet(byte[] pixels, int[] labels, List<String> classNames) {
    this.pixels = pixels;
    this.labels = labels;
    this.classNames = classNames;
  }

  /**
   * An image set over {@code pixels} (taken as is, not copied: the caller must not change it
   * afterwards) and a copy of {@code labels}.
   *
   * @param pixels {@code labels.length * 3072} bytes, CHW planar per image
   * @param labels one class index per image, each in {@code 0 .. classNames.size() - 1}
   * @param classNames the name of each class, at least one
   * @throws IllegalArgumentException if the lengths disagree or a label is out of range
   */
  public static ImageSet of(byte[] pixels, int[] labels, List<String> classNames) {
    Preconditions.checkArgument(!classNames.isEmpty(), "an image set needs at least one class");
    Preconditions.checkArgument(
        (long) labels.length * IMAGE_BYTES == pixels.length,
        "%s pixel bytes for %s labels, expected %s x %s = %s",
        pixels.length,
        labels.length,
        labels.length,
        IMAGE_BYTES,
        (long) labels.length * IMAGE_BYTES);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classNames.size()) {
        throw new IllegalArgumentException(
            "label " + labels[i] + " of image " + i + " is outside 0.." + (classNames.size() - 1));
      }
    }
    return new ImageSet(pixels, labels.clone(), List.copyOf(classNames));
  }

  /**
   * Random images with random labels, for tests and benchmarks; the same arguments give the same
   * set.
   *
   * @param size number of images
   * @param numClasses number of classes, named {@code class0}, {@code class1}, ...
   * @param seed random seed
   */
  public static ImageSet random(int size, int numClasses, long seed) {
    Preconditions.checkArgument(size >= 0, "size must be >= 0, got %s", size);
    Preconditions.checkArgument(numClasses >= 1, "numClasses must be >= 1, got %s", numClasses);
    SplittableRandom random = new SplittableRandom(seed);
    byte[] pixels = new byte[Math.multiplyExact(size, IMAGE_BYTES)];
    random.nextBytes(pixels);
    int[] labels = random.ints(size, 0, numClasses).toArray();
    List<String> names = IntStream.range(0, numClasses).mapToObj(c -> "class" + c).toList();
    return new ImageSet(pixels, labels, names);
  }

  /**
   * The pixel bytes, {@code size() * 3072}, CHW planar per image. Shared, not copied: do not
   * modify.
   */
  public byte[] pixels() {
    return pixels;
  }

  /** A copy of the labels, one class index per image. */
  public int[] labels() {
    return labels.clone();
  }

  /** The number of images. */
  public int size() {
    return labels.length;
  }

  /** The number of classes. */
  public int numClasses() {
    return classNames.size();
  }

  /** The class names, index = label. */
  public List<String> classNames() {
    return classNames;
  }

  /** How many images each class has, index = label. */
  public int[] classCounts() {
    int[] counts = new int[numClasses()];
    for (int label : labels) {
      counts[label]++;
    }
    return counts;
  }

  /**
   * A new set holding copies of the images at {@code indices}, in that order, with the same
   * classes.
   *
   * @throws IndexOutOfBoundsException if an index is outside {@code 0 .. size() - 1}
   */
  public ImageSet subset(int[] indices) {
    byte[] subsetPixels = new byte[Math.multiplyExact(indices.length, IMAGE_BYTES)];
    int[] subsetLabels = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int index = indices[i];
      Objects.checkIndex(index, size());
      System.arraycopy(pixels, index * IMAGE_BYTES, subsetPixels, i * IMAGE_BYTES, IMAGE_BYTES);
      subsetLabels[i] = labels[index];
    }
    return new ImageSet(subsetPixels, subsetLabels, classNames);
  }

  @Override
  public String toString() {
    return "ImageSet[" + size() + " images, " + numClasses() + " classes]";
  }
}
