package io.kflo4j.datasets.cifar;

import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.core.LabelGranularity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fully verifies a data set directory: every data file present, a whole number of records, the
 * expected record count, labels in range and the expected md5; every names file readable with the
 * right number of names.
 */
public final class CifarVerifier {
  private CifarVerifier() {}

  /**
   * Verifies the data set of {@code layout} inside {@code dataDir} and returns what was verified,
   * without writing it.
   *
   * @throws DatasetException naming the first file found wrong and its problem
   */
  public static VerifiedMarker verify(Path dataDir, CifarLayout layout) {
    int fineIndex = layout.labelIndex(LabelGranularity.FINE);
    int classes = layout.labelBytes().get(fineIndex).classes();
    Map<String, VerifiedMarker.FileStamp> stamps = new LinkedHashMap<>();
    int[] trainCounts =
        verifyFiles(dataDir, layout, layout.trainFiles(), fineIndex, classes, stamps);
    int[] testCounts = verifyFiles(dataDir, layout, layout.testFiles(), fineIndex, classes, stamps);
    layout.labelBytes().forEach(label -> ClassNames.read(dataDir, layout, label));
    return new VerifiedMarker(
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), stamps, trainCounts, testCounts);
  }

  /**
   * {@link #verify} and records the result in the data set's {@code .verified} marker: on success
   * the new marker, on failure none (an old marker is deleted, so that {@code kflo data info} no
   * longer says "verified").
   */
  public static VerifiedMarker verifyAndMark(Path dataDir, CifarLayout layout) {
    VerifiedMarker marker;
    try {
      marker = verify(dataDir, layout);
    } catch (DatasetException e) {
      VerifiedMarker.deleteFrom(layout.directoryIn(dataDir));
      throw e;
    }
    try {
      marker.writeTo(layout.directoryIn(dataDir));
    } catch (IOException e) {
      throw new DatasetException(
          layout.displayName(VerifiedMarker.FILE_NAME) + ": cannot write: " + e.getMessage(), e);
    }
    return marker;
  }

  /**
   * The data set's marker if it still matches its files, else empty (never verified, or changed
   * since).
   */
  public static Optional<VerifiedMarker> currentMarker(Path dataDir, CifarLayout layout) {
    Path datasetDir = layout.directoryIn(dataDir);
    return VerifiedMarker.readFrom(datasetDir).filter(marker -> marker.matches(datasetDir, layout));
  }

  private static int[] verifyFiles(
      Path dataDir,
      CifarLayout layout,
      List<CifarFileSpec> files,
      int labelIndex,
      int classes,
      Map<String, VerifiedMarker.FileStamp> stamps) {
    int[] counts = new int[classes];
    int recordSize = layout.recordSize();
    for (CifarFileSpec file : files) {
      byte[] bytes = CifarFileReader.read(dataDir, layout, file);
      String md5 = Md5.of(bytes);
      String name = layout.displayName(file.name());
      if (!md5.equals(file.md5())) {
        throw new DatasetException(
            name + ": md5 " + md5 + " does not match the official md5 " + file.md5());
      }
      for (int offset = labelIndex; offset < bytes.length; offset += recordSize) {
        counts[bytes[offset] & 0xff]++;
      }
      try {
        stamps.put(
            file.name(),
            VerifiedMarker.FileStamp.of(layout.directoryIn(dataDir).resolve(file.name()), md5));
      } catch (IOException e) {
        throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
      }
    }
    return counts;
  }
}
