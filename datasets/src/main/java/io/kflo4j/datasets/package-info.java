/**
 * The data sets of kflo4j: CIFAR-10 and CIFAR-100 held compactly as bytes, where they live on disk and how they get
 * there.
 *
 * <p>Public facade: {@link io.kflo4j.datasets.CifarVariant}, {@link io.kflo4j.datasets.ImageSet},
 * {@link io.kflo4j.datasets.CifarData} (load), {@link io.kflo4j.datasets.DataDirectory} (where),
 * {@link io.kflo4j.datasets.DataFetcher} (find or fetch), {@link io.kflo4j.datasets.DataInventory} (what is there,
 * verified or not) and {@link io.kflo4j.datasets.DatasetException}. Subsets live in
 * {@code io.kflo4j.datasets.subset}, augmentation and batches in {@code io.kflo4j.datasets.batch}. The packages
 * {@code io.kflo4j.datasets.cifar} (file formats) and {@code io.kflo4j.datasets.source} (archives, download, npm)
 * are implementation details used through the facade.
 */
package io.kflo4j.datasets;
