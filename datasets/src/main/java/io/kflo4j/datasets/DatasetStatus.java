package io.kflo4j.datasets;

import io.kflo4j.datasets.core.CifarVariant;
import java.nio.file.Path;
import java.util.List;

/**
 * What the data directory holds of one data set.
 *
 * @param variant the data set
 * @param directory where it is (or would be)
 * @param state absent, present but not verified, verified, or invalid
 * @param detail one line for people: when it was verified, why it is not, or what is wrong
 * @param classNames the (fine) class names when verified, else empty
 * @param trainCounts training images per class when verified, else empty
 * @param testCounts test images per class when verified, else empty
 */
public record DatasetStatus(
    CifarVariant variant,
    Path directory,
    State state,
    String detail,
    List<String> classNames,
    int[] trainCounts,
    int[] testCounts) {

  /** Whether a data set is there and whether it checked out. */
  public enum State {
    /** Not in the data directory. */
    ABSENT,
    /** There, but not verified, or changed since it was verified. */
    UNVERIFIED,
    /** There and verified against the official md5s, unchanged since. */
    VERIFIED,
    /** There but damaged: a full verification failed. */
    INVALID
  }
}
