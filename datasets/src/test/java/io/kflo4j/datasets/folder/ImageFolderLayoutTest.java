package io.kflo4j.datasets.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.testing.ImageFolderFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderLayoutTest {
  @TempDir Path tmp;

  @Test
  void classesAreTheSortedSubFoldersAndImagesTheirPngAndJpegFiles() throws IOException {
    Path root = ImageFolderFixture.write(tmp.resolve("pets"), List.of("bird", "ant", "Cat"), 3, 1);
    Files.move(root.resolve("ant/img-001.jpg"), root.resolve("ant/IMG-001.JPEG"));
    ImageFolderFixture.writeText(root.resolve("README.txt"), "beside the classes: ignored");
    ImageFolderFixture.writeText(root.resolve("bird/notes.txt"), "no image: ignored");
    Files.createDirectories(root.resolve("bird/nested"));
    ImageFolderFixture.writeText(root.resolve(".DS_Store"), "hidden: passed over");
    ImageFolderFixture.writeText(root.resolve("Cat/.thumbnail.png"), "hidden: passed over");
    ImageFolderFixture.write(root.resolve(".ipynb_checkpoints"), List.of("x"), 1, 2);

    ImageFolderLayout layout = ImageFolderLayout.scan(root);

    assertEquals(List.of("Cat", "ant", "bird"), layout.classNames());
    assertEquals(
        List.of(
            root.resolve("ant/IMG-001.JPEG"),
            root.resolve("ant/img-000.png"),
            root.resolve("ant/img-002.png")),
        layout.classes().get(1).images());
    assertEquals(9, layout.imageCount());
    assertEquals(3, layout.ignoredFiles());
    assertEquals(root.toAbsolutePath().normalize(), layout.root());
  }

  @Test
  void aFolderThatIsMissingOrAFileIsAOneLineError() throws IOException {
    Path missing = tmp.resolve("missing");
    assertEquals(
        missing
            + ": no such folder; expected a folder with one sub-folder of PNG or JPEG images per class",
        assertThrows(DatasetException.class, () -> ImageFolderLayout.scan(missing)).getMessage());
    Path file = ImageFolderFixture.writeText(tmp.resolve("file.txt"), "x");
    assertEquals(
        file
            + ": not a folder; expected a folder with one sub-folder of PNG or JPEG images per class",
        assertThrows(DatasetException.class, () -> ImageFolderLayout.scan(file)).getMessage());
  }

  @Test
  void anEmptyFolderOrOneWithoutClassSubFoldersIsAOneLineError() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    String expected =
        empty
            + ": no class sub-folders; expected one sub-folder of PNG or JPEG images per class, e.g. "
            + empty.resolve("cat").resolve("1.png");
    assertEquals(
        expected,
        assertThrows(DatasetException.class, () -> ImageFolderLayout.scan(empty)).getMessage());
    Path flat =
        ImageFolderFixture.writeImage(
                tmp.resolve("flat/a.png"),
                new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png")
            .getParent();
    assertEquals(
        flat
            + ": no class sub-folders; expected one sub-folder of PNG or JPEG images per class, e.g. "
            + flat.resolve("cat").resolve("1.png"),
        assertThrows(DatasetException.class, () -> ImageFolderLayout.scan(flat)).getMessage());
  }

  @Test
  void oneClassIsAOneLineError() {
    Path root = ImageFolderFixture.write(tmp.resolve("one"), List.of("cat"), 2, 1);
    assertEquals(
        root
            + ": only one class sub-folder (cat); expected at least 2, one sub-folder of PNG or JPEG "
            + "images per class",
        assertThrows(DatasetException.class, () -> ImageFolderLayout.scan(root)).getMessage());
  }

  @Test
  void aClassFolderWhoseNameHoldsANewlineIsRefused() {
    Path root = ImageFolderFixture.write(tmp.resolve("pets"), List.of("cat", "do\ng"), 2, 1);
    assertEquals(
        root
            + ": the class folder 'do\\ng' has a control character (newline, tab...) in its name;"
            + " a class name is one line: rename the folder",
        assertThrows(DatasetException.class, () -> ImageFolderLayout.scan(root)).getMessage());
  }

  @Test
  void aClassWithoutImagesIsAOneLineErrorNamingIt() throws IOException {
    Path root = ImageFolderFixture.write(tmp.resolve("pets"), List.of("cat", "dog"), 2, 1);
    Files.createDirectories(root.resolve("fish"));
    ImageFolderFixture.writeText(root.resolve("fish/notes.txt"), "no image");
    assertEquals(
        root.resolve("fish")
            + ": no PNG or JPEG images (.png, .jpg, .jpeg); expected at least one in every"
            + " class folder",
        assertThrows(DatasetException.class, () -> ImageFolderLayout.scan(root)).getMessage());
    Files.createDirectories(root.resolve("ant"));
    assertEquals(
        root
            + ": the class folders ant, fish have no PNG or JPEG images (.png, .jpg, .jpeg); expected at "
            + "least one in every class folder",
        assertThrows(DatasetException.class, () -> ImageFolderLayout.scan(root)).getMessage());
  }
}
