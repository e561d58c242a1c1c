package io.kflo4j.datasets.folder;

import io.kflo4j.common.text.ControlCharacters;
import io.kflo4j.datasets.core.DatasetException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a folder data set holds, found by listing it (nothing is decoded): one class per sub-folder,
 * named by the sub-folder, the classes sorted by name ({@link String#compareTo}: the same order on
 * every machine, upper case before lower case); in each class folder its PNG and JPEG files ({@code
 * .png}, {@code .jpg}, {@code .jpeg}, any case), sorted by name.
 *
 * <p>Entries whose name starts with a dot are passed over (hidden files, {@code .DS_Store}, {@code
 * .ipynb_checkpoints}). Everything else that is neither a class folder nor an image file (files
 * beside the class folders, files with other extensions, folders inside class folders) is ignored
 * and counted.
 *
 * @param root the folder, absolute and normalized
 * @param classes the class folders, sorted by name, each with at least one image file
 * @param ignoredFiles entries ignored (see above)
 */
public record ImageFolderLayout(Path root, List<ClassFolder> classes, int ignoredFiles) {
  /** The extensions of the files read as images, lower case. */
  public static final List<String> IMAGE_EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

  private static final String EXPECTED_CLASSES = "one sub-folder of PNG or JPEG images per class";

  /**
   * One class: its name (the folder's) and its image files, sorted by name.
   *
   * @param name the class name
   * @param directory the class folder
   * @param images its image files, at least one
   */
  public record ClassFolder(String name, Path directory, List<Path> images) {
    /** A class folder; {@code images} is copied. */
    public ClassFolder {
      images = List.copyOf(images);
    }
  }

  /** A layout; {@code classes} is copied. */
  public ImageFolderLayout {
    classes = List.copyOf(classes);
  }

  /**
   * Lists {@code root}.
   *
   * @throws DatasetException with one line naming the folder and what was expected when {@code
   *     root} is not a folder, has fewer than two class sub-folders, or has a class folder without
   *     image files
   */
  public static ImageFolderLayout scan(Path root) {
    Path folder = root.toAbsolutePath().normalize();
    if (!Files.exists(folder)) {
      throw new DatasetException(
          folder + ": no such folder; expected a folder with " + EXPECTED_CLASSES);
    }
    if (!Files.isDirectory(folder)) {
      throw new DatasetException(
          folder + ": not a folder; expected a folder with " + EXPECTED_CLASSES);
    }
    int ignored = 0;
    List<Path> classDirectories = new ArrayList<>();
    for (Path entry : visibleEntries(folder)) {
      if (Files.isDirectory(entry)) {
        classDirectories.add(entry);
      } else {
        ignored++;
      }
    }
    if (classDirectories.isEmpty()) {
      throw new DatasetException(
          folder
              + ": no class sub-folders; expected "
              + EXPECTED_CLASSES
              + ", e.g. "
              + folder.resolve("cat").resolve("1.png"));
    }
    if (classDirectories.size() == 1) {
      throw new DatasetException(
          folder
              + ": only one class sub-folder ("
              + classDirectories.get(0).getFileName()
              + "); expected at least 2, "
              + EXPECTED_CLASSES);
    }
    for (Path directory : classDirectories) {
      String name = directory.getFileName().toString();
      if (ControlCharacters.any(name)) {
        throw new DatasetException(
            folder
                + ": the class folder '"
                + ControlCharacters.escape(name)
                + "' has a control character (newline, tab...) in its name; a class name is one"
                + " line: rename the folder");
      }
    }
    List<ClassFolder> classes = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (Path directory : classDirectories) {
      List<Path> images = new ArrayList<>();
      for (Path entry : visibleEntries(directory)) {
        if (isImageFile(entry)) {
          images.add(entry);
        } else {
          ignored++;
        }
      }
      String name = directory.getFileName().toString();
      if (images.isEmpty()) {
        empty.add(name);
      }
      classes.add(new ClassFolder(name, directory, images));
    }
    if (!empty.isEmpty()) {
      throw new DatasetException(
          empty.size() == 1
              ? folder.resolve(empty.get(0))
                  + ": no PNG or JPEG images ("
                  + String.join(", ", IMAGE_EXTENSIONS)
                  + "); expected at least one in every class folder"
              : folder
                  + ": the class folders "
                  + String.join(", ", empty)
                  + " have no PNG or JPEG images ("
                  + String.join(", ", IMAGE_EXTENSIONS)
                  + "); expected at least one in every class folder");
    }
    return new ImageFolderLayout(folder, classes, ignored);
  }

  /** The class names, index = label. */
  public List<String> classNames() {
    return classes.stream().map(ClassFolder::name).toList();
  }

  /** Image files over all classes. */
  public int imageCount() {
    return classes.stream().mapToInt(c -> c.images().size()).sum();
  }

  /** Whether {@code path} is a regular file with a PNG or JPEG extension. */
  static boolean isImageFile(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(path) && IMAGE_EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /** The entries of {@code directory} not starting with a dot, sorted by name. */
  private static List<Path> visibleEntries(Path directory) {
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path entry : stream) {
        if (!entry.getFileName().toString().startsWith(".")) {
          entries.add(entry);
        }
      }
    } catch (IOException e) {
      throw new DatasetException(directory + ": cannot list it: " + e.getMessage(), e);
    }
    entries.sort(Comparator.comparing(p -> p.getFileName().toString()));
    return entries;
  }
}
