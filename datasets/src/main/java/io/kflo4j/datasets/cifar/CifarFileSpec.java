package io.kflo4j.datasets.cifar;

/**
 * One binary file of a data set as expected: its name inside the data set's directory, its record
 * count and its md5.
 *
 * @param name file name, e.g. {@code data_batch_1.bin}
 * @param records expected number of records
 * @param md5 expected md5, lower-case hex
 */
public record CifarFileSpec(String name, int records, String md5) {}
