package io.kflo4j.datasets.folder;

import io.kflo4j.datasets.core.ImageSet;
import java.nio.file.Path;
import java.util.List;

/**
 * A folder data set read into memory.
 *
 * @param root the folder, absolute and normalized
 * @param images every readable image, 32x32, in class order then file-name order; class names from
 *     the folders
 * @param skipped the image files that could not be read, in the same order
 * @param ignoredFiles entries that are neither class folders nor image files (see {@link
 *     ImageFolderLayout})
 */
public record ImageFolder(
    Path root, ImageSet images, List<SkippedImage> skipped, int ignoredFiles) {
  /** A read folder; {@code skipped} is copied. */
  public ImageFolder {
    skipped = List.copyOf(skipped);
  }
}
