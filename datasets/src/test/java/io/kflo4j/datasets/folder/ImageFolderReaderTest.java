package io.kflo4j.datasets.folder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.common.progress.TaskProgress;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.datasets.testing.ImageFolderFixture;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {
  private static final List<String> CLASSES = List.of("cat", "dog", "horse");

  @TempDir Path tmp;

  /**
   * 3 classes x 7 images of five sizes (PNG and JPEG), a damaged PNG in dog/, a text file in
   * horse/.
   */
  private Path folder() {
    Path root = ImageFolderFixture.write(tmp.resolve("pets"), CLASSES, 7, 42);
    ImageFolderFixture.writeDamagedImage(root.resolve("dog/broken.png"));
    ImageFolderFixture.writeText(root.resolve("horse/notes.txt"), "not an image");
    return root;
  }

  @Test
  void readsEveryReadableImageSkipsTheDamagedOneAndCountsTheRest() {
    Path root = folder();
    ImageFolder folder = ImageFolderReader.builder().build().read(root);

    ImageSet images = folder.images();
    assertEquals(CLASSES, images.classNames());
    assertEquals(21, images.size());
    assertArrayEquals(new int[] {7, 7, 7}, images.classCounts());
    assertArrayEquals(
        new int[] {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2}, images.labels());
    assertEquals(
        List.of(
            new SkippedImage(
                root.resolve("dog/broken.png"),
                "cannot decode image "
                    + root.resolve("dog/broken.png")
                    + ": not a PNG, JPEG, BMP or GIF image")),
        folder.skipped());
    assertEquals(1, folder.ignoredFiles());
    assertEquals(root, folder.root());
  }

  /** A newline in a file name would forge a log line: the reason logged for it is one line. */
  @Test
  void aSkippedFileWhoseNameHoldsANewlineIsReportedOnOneLine() {
    Path root = folder();
    Path forged = root.resolve("dog/x.png\n2026-01-01 00:00:00.000 INFO  Trainer - forged.png");
    ImageFolderFixture.writeDamagedImage(forged);
    ImageFolder folder = ImageFolderReader.builder().build().read(root);
    SkippedImage skipped =
        folder.skipped().stream().filter(s -> s.file().equals(forged)).findFirst().orElseThrow();
    assertEquals(
        "cannot decode image "
            + root.resolve("dog")
            + "/x.png\\n2026-01-01 00:00:00.000 INFO  Trainer - forged.png: not a PNG, JPEG, BMP"
            + " or GIF image",
        skipped.reason());
  }

  @Test
  void storesImagesAsPlanarBytesInClassThenFileOrder() throws Exception {
    Path root = ImageFolderFixture.write(tmp.resolve("two"), List.of("a", "b"), 1, 3);
    BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    image.setRGB(7, 5, 0x0a14ff);
    ImageFolderFixture.writeImage(root.resolve("b/z.png"), image, "png");

    ImageSet images = ImageFolderReader.builder().build().read(root).images();

    assertArrayEquals(new int[] {0, 1, 1}, images.labels());
    int offset = 2 * ImageSet.IMAGE_BYTES + 5 * 32 + 7; // image 2 (b/z.png), y = 5, x = 7
    byte[] pixels = images.pixels();
    assertArrayEquals(
        new byte[] {10, 20, (byte) 255},
        new byte[] {pixels[offset], pixels[offset + 1024], pixels[offset + 2048]});
    assertEquals(0, pixels[offset + 1]);
  }

  @Test
  void theResultDoesNotDependOnTheThreads() {
    Path root = folder();
    ImageSet one = ImageFolderReader.builder().optThreads(1).build().read(root).images();
    ImageSet three = ImageFolderReader.builder().optThreads(3).build().read(root).images();
    assertArrayEquals(one.pixels(), three.pixels());
    assertArrayEquals(one.labels(), three.labels());
  }

  @Test
  void reportsEveryImageFileToTheProgress() {
    Path root = folder();
    List<String> events = new ArrayList<>();
    TaskProgress progress =
        new TaskProgress() {
          @Override
          public void start(String task, long totalUnits, String unitName) {
            events.add("start " + task + " " + totalUnits + " " + unitName);
          }

          @Override
          public void step(long units) {
            events.add("step " + units);
          }

          @Override
          public void finish() {
            events.add("finish");
          }
        };
    ImageFolderReader.builder().optProgress(progress).build().read(root);
    List<String> expected = new ArrayList<>();
    expected.add("start reading " + root + " 22 images");
    for (int i = 0; i < 22; i++) {
      expected.add("step 1");
    }
    expected.add("finish");
    assertEquals(expected, events);
  }

  @Test
  void skipsAnImageOverThePixelLimit() {
    Path root =
        ImageFolderFixture.write(tmp.resolve("limit"), List.of("a", "b"), 2, 5); // 32x32 and 48x40
    ImageFolder folder = ImageFolderReader.builder().optMaxPixels(1024).build().read(root);
    assertEquals(2, folder.images().size());
    assertEquals(
        List.of(
            "cannot read image "
                + root.resolve("a/img-001.jpg")
                + ": it is 48 x 40 pixels, more than "
                + "the 1,024 pixels kflo4j decodes (refused before decoding)",
            "cannot read image "
                + root.resolve("b/img-001.jpg")
                + ": it is 48 x 40 pixels, more than the 1,024 pixels "
                + "kflo4j decodes (refused before decoding)"),
        folder.skipped().stream().map(SkippedImage::reason).toList());
  }

  @Test
  void aClassWithoutAnyReadableImageIsAnError() {
    Path root = ImageFolderFixture.write(tmp.resolve("pets"), List.of("cat"), 2, 1);
    ImageFolderFixture.writeDamagedImage(root.resolve("dog/1.png"));
    ImageFolderFixture.writeDamagedImage(root.resolve("dog/2.jpg"));
    assertEquals(
        root.resolve("dog")
            + ": none of its 2 image files could be read (logged above); expected at least "
            + "one readable PNG or JPEG image in every class folder",
        assertThrows(DatasetException.class, () -> ImageFolderReader.builder().build().read(root))
            .getMessage());
  }

  @Test
  void theBuilderNamesEveryInvalidSetting() {
    assertEquals(
        "maxPixels must be >= 1, got 0; threads must be >= 1, got 0; progress must not be null (default "
            + "TaskProgress.none())",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ImageFolderReader.builder()
                        .optMaxPixels(0)
                        .optThreads(0)
                        .optProgress(null)
                        .build())
            .getMessage());
  }
}
