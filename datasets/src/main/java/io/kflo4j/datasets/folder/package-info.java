/**
 * The user's own images as a data set: a folder with one sub-folder of PNG or JPEG images per class
 * ({@link io.kflo4j.datasets.folder.ImageFolderLayout}), read into memory by {@link
 * io.kflo4j.datasets.folder.ImageFolderReader}, unreadable images skipped and counted.
 */
package io.kflo4j.datasets.folder;
