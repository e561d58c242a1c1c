package io.kflo4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.datasets.core.ImageSet;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageSetTest {
  private static final List<String> NAMES = List.of("a", "b", "c");

  private static byte[] pixels(int images) {
    byte[] pixels = new byte[images * 3072];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i / 3072 + 1);
    }
    return pixels;
  }

  @Test
  void holdsPixelsAndLabels() {
    byte[] pixels = pixels(4);
    ImageSet set = ImageSet.of(pixels, new int[] {2, 0, 1, 2}, NAMES);
    assertEquals(4, set.size());
    assertEquals(3, set.numClasses());
    assertSame(pixels, set.pixels());
    assertArrayEquals(new int[] {2, 0, 1, 2}, set.labels());
    assertArrayEquals(new int[] {1, 1, 2}, set.classCounts());
    assertEquals(NAMES, set.classNames());
  }

  @Test
  void labelsAreACopy() {
    ImageSet set = ImageSet.of(pixels(1), new int[] {1}, NAMES);
    set.labels()[0] = 2;
    assertArrayEquals(new int[] {1}, set.labels());
  }

  @Test
  void subsetCopiesTheChosenImagesInOrder() {
    ImageSet subset =
        ImageSet.of(pixels(4), new int[] {2, 0, 1, 2}, NAMES).subset(new int[] {3, 1});
    assertEquals(2, subset.size());
    assertArrayEquals(new int[] {2, 0}, subset.labels());
    assertEquals(4, subset.pixels()[0]);
    assertEquals(2, subset.pixels()[3072]);
    assertEquals(NAMES, subset.classNames());
    assertThrows(
        IndexOutOfBoundsException.class,
        () -> ImageSet.of(pixels(4), new int[4], NAMES).subset(new int[] {4}));
  }

  @Test
  void validatesLengthsAndLabels() {
    assertEquals(
        "3072 pixel bytes for 2 labels, expected 2 x 3072 = 6144",
        assertThrows(
                IllegalArgumentException.class, () -> ImageSet.of(pixels(1), new int[2], NAMES))
            .getMessage());
    assertEquals(
        "label 3 of image 1 is outside 0..2",
        assertThrows(
                IllegalArgumentException.class,
                () -> ImageSet.of(pixels(2), new int[] {0, 3}, NAMES))
            .getMessage());
  }

  @Test
  void randomSetsAreReproducible() {
    ImageSet a = ImageSet.random(10, 4, 5);
    ImageSet b = ImageSet.random(10, 4, 5);
    assertArrayEquals(a.pixels(), b.pixels());
    assertArrayEquals(a.labels(), b.labels());
    assertEquals(List.of("class0", "class1", "class2", "class3"), a.classNames());
    assertNotEquals(
        Arrays.toString(a.labels()), Arrays.toString(ImageSet.random(10, 4, 6).labels()));
  }
}
