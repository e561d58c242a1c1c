package io.kflo4j.datasets;

import io.kflo4j.common.progress.TaskProgress;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.folder.ImageFolderLayout;
import io.kflo4j.datasets.folder.ImageFolderReader;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Which images a command trains or evaluates on, as written after {@code --dataset} and in a run's
 * {@code config.json}: {@code cifar10} or {@code cifar100} (from the data directory), or {@code
 * folder:PATH}, the user's own images (one sub-folder of PNG or JPEG images per class, see {@link
 * ImageFolderLayout}).
 */
public sealed interface DatasetSpec permits DatasetSpec.Cifar, DatasetSpec.Folder {
  /** The prefix of a folder data set. */
  String FOLDER_PREFIX = "folder:";

  /**
   * Parses {@code cifar10}, {@code cifar100} (any case) or {@code folder:PATH}. A relative PATH is
   * resolved against the working directory now; a leading {@code ~/} is the home directory (the
   * shell does not expand it after {@code folder:}). Nothing is read.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  static DatasetSpec parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.toLowerCase(Locale.ROOT).startsWith(FOLDER_PREFIX)) {
      String path = trimmed.substring(FOLDER_PREFIX.length()).strip();
      if (path.isEmpty()) {
        throw new IllegalArgumentException(
            "data set '" + text + "' names no folder: expected folder:PATH");
      }
      if (path.equals("~") || path.startsWith("~/")) {
        path = System.getProperty("user.home") + path.substring(1);
      }
      return new Folder(Path.of(path));
    }
    try {
      return new Cifar(CifarVariant.parse(trimmed));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown data set '"
              + text
              + "': expected cifar10, cifar100 or "
              + FOLDER_PREFIX
              + "PATH",
          e);
    }
  }

  /**
   * The canonical text: {@code cifar10}, {@code cifar100} or {@code folder:} and the absolute path.
   */
  String id();

  /**
   * A short name fit for a file name: {@code cifar10}, {@code cifar100}, or {@code folder-} and the
   * folder's name.
   */
  String label();

  /**
   * Names the images an evaluation uses, e.g. {@code cifar10 test set}, {@code images in
   * /data/pets}.
   */
  String evaluationSetName();

  /**
   * The number of classes: 10 or 100 for CIFAR; for a folder its class sub-folders, found by
   * listing it (no image is decoded).
   *
   * @throws DatasetException for a folder whose layout is wrong (see {@link
   *     ImageFolderLayout#scan})
   */
  int numClasses();

  /**
   * Loads the images.
   *
   * @param dataDir the data directory (CIFAR only)
   * @param progress reports the images read (folders only)
   * @throws DatasetException naming the file or folder and the problem
   */
  DatasetImages load(Path dataDir, TaskProgress progress);

  /**
   * A CIFAR data set from the data directory.
   *
   * @param variant which one
   */
  record Cifar(CifarVariant variant) implements DatasetSpec {
    @Override
    public String id() {
      return variant.id();
    }

    @Override
    public String label() {
      return variant.id();
    }

    @Override
    public String evaluationSetName() {
      return variant.id() + " test set";
    }

    @Override
    public int numClasses() {
      return variant.numClasses();
    }

    @Override
    public DatasetImages load(Path dataDir, TaskProgress progress) {
      CifarData data = CifarData.load(variant, dataDir);
      return new DatasetImages(data.train(), Optional.of(data.test()));
    }
  }

  /**
   * The user's images in a folder, one sub-folder per class; it has no test set.
   *
   * @param root the folder, made absolute and normalized
   */
  record Folder(Path root) implements DatasetSpec {
    /** A folder data set at {@code root}, resolved against the working directory. */
    public Folder {
      root = root.toAbsolutePath().normalize();
    }

    @Override
    public String id() {
      return FOLDER_PREFIX + root;
    }

    @Override
    public String label() {
      return root.getFileName() == null ? "folder" : "folder-" + root.getFileName();
    }

    @Override
    public String evaluationSetName() {
      return "images in " + root;
    }

    @Override
    public int numClasses() {
      return ImageFolderLayout.scan(root).classes().size();
    }

    @Override
    public DatasetImages load(Path dataDir, TaskProgress progress) {
      return new DatasetImages(
          ImageFolderReader.builder().optProgress(progress).build().read(root).images(),
          Optional.empty());
    }
  }
}
