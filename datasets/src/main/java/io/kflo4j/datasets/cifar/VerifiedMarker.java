package io.kflo4j.datasets.cifar;

import io.kflo4j.common.json.Json;
import io.kflo4j.datasets.core.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The small {@code .verified} file in a data set's directory that records a successful full
 * verification: each data file's md5, size and modification time, and the per-class counts. While
 * sizes and times still match, the data set counts as verified without re-reading it.
 *
 * @param verifiedAt when the verification ran (ISO-8601)
 * @param files the verified data files by name
 * @param trainCounts images per class (fine labels) in the training files
 * @param testCounts images per class (fine labels) in the test files
 */
public record VerifiedMarker(
    String verifiedAt,
    Map<String, VerifiedMarker.FileStamp> files,
    int[] trainCounts,
    int[] testCounts) {

  /** The marker's file name inside the data set's directory. */
  public static final String FILE_NAME = ".verified";

  /**
   * What was verified of one file.
   *
   * @param md5 its md5, lower-case hex
   * @param size its size in bytes
   * @param lastModifiedMillis its modification time, ms since the epoch
   */
  public record FileStamp(String md5, long size, long lastModifiedMillis) {
    /** The stamp of {@code path} now, with the given md5. */
    static FileStamp of(Path path, String md5) throws IOException {
      return new FileStamp(md5, Files.size(path), Files.getLastModifiedTime(path).toMillis());
    }
  }

  /** Writes this marker into {@code datasetDir} (atomically replacing an older one). */
  public void writeTo(Path datasetDir) throws IOException {
    Json.writeFile(datasetDir.resolve(FILE_NAME), this);
  }

  /**
   * Deletes the marker in {@code datasetDir}, if any.
   *
   * @throws DatasetException naming the marker when it cannot be deleted (it would go on claiming a
   *     verification)
   */
  public static void deleteFrom(Path datasetDir) {
    Path path = datasetDir.resolve(FILE_NAME);
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new DatasetException(
          "cannot delete "
              + path
              + " after a failed verification: "
              + e.getMessage()
              + "; delete it by hand",
          e);
    }
  }

  /** The marker in {@code datasetDir}, or empty when there is none or it cannot be read. */
  public static Optional<VerifiedMarker> readFrom(Path datasetDir) {
    Path path = datasetDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(path)) {
      return Optional.empty();
    }
    try {
      VerifiedMarker marker = Json.readFile(path, VerifiedMarker.class);
      return marker.files() == null ? Optional.empty() : Optional.of(marker);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether this marker still describes the data set in {@code datasetDir}: every data file of
   * {@code layout} is recorded with the layout's md5 and still has the recorded size and
   * modification time.
   */
  public boolean matches(Path datasetDir, CifarLayout layout) {
    for (CifarFileSpec file : layout.dataFiles()) {
      FileStamp recorded = files.get(file.name());
      if (recorded == null || !file.md5().equals(recorded.md5())) {
        return false;
      }
      try {
        FileStamp now = FileStamp.of(datasetDir.resolve(file.name()), recorded.md5());
        if (!now.equals(recorded)) {
          return false;
        }
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }
}
