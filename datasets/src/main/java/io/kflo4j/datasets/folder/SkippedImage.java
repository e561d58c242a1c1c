package io.kflo4j.datasets.folder;

import java.nio.file.Path;

/**
 * An image file of a folder data set that could not be read and was left out.
 *
 * @param file the file
 * @param reason why, naming the file, e.g. {@code cannot decode image /data/pets/cat/3.png: not a
 *     PNG, JPEG, BMP or GIF image}
 */
public record SkippedImage(Path file, String reason) {}
