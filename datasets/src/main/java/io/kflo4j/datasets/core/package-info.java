/**
 * The types every package of the data sets shares, below all of them: the CIFAR variants and their
 * label granularity, a set of images with labels ({@link io.kflo4j.datasets.core.ImageSet}) and the
 * error a data set's reader reports ({@link io.kflo4j.datasets.core.DatasetException}).
 */
package io.kflo4j.datasets.core;
