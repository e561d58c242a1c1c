/**
 * The data sets of kflo4j: CIFAR-10 and CIFAR-100 held compactly as bytes, where they live on disk
 * and how they get there, and the user's own images in a folder.
 *
 * <p>Public facade: {@link io.kflo4j.datasets.core.CifarVariant}, {@link
 * io.kflo4j.datasets.core.ImageSet}, {@link io.kflo4j.datasets.CifarData} (load), {@link
 * io.kflo4j.datasets.DataDirectory} (where), {@link io.kflo4j.datasets.DataFetcher} (find or
 * fetch), {@link io.kflo4j.datasets.DataInventory} (what is there, verified or not), {@link
 * io.kflo4j.datasets.DatasetSpec} ({@code cifar10}, {@code cifar100} or {@code folder:PATH}, loaded
 * as {@link io.kflo4j.datasets.DatasetImages}), {@link io.kflo4j.common.progress.TaskProgress} and
 * {@link io.kflo4j.datasets.core.DatasetException}. Folder data sets live in {@code
 * io.kflo4j.datasets.folder}, image decoding in {@code io.kflo4j.datasets.image}; subsets live in
 * {@code io.kflo4j.datasets.subset}, augmentation and batches in {@code io.kflo4j.datasets.batch}.
 * The packages {@code io.kflo4j.datasets.cifar} (file formats) and {@code
 * io.kflo4j.datasets.source} (archives, download, npm) are implementation details used through the
 * facade. The types all of them share ({@code CifarVariant}, {@code ImageSet}, {@code
 * LabelGranularity}, {@code DatasetException}) live in {@code io.kflo4j.datasets.core}, below the
 * facade and the implementation packages, so that no package uses one that uses it back.
 */
package io.kflo4j.datasets;
