package io.kflo4j.datasets;

import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.cifar.CifarVerifier;
import io.kflo4j.datasets.cifar.ClassNames;
import io.kflo4j.datasets.cifar.VerifiedMarker;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.core.LabelGranularity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reports what a data directory holds: quickly from each data set's {@code .verified} marker
 * ({@link #status}), or by re-checking every file against the official md5s ({@link #verify}).
 */
public final class DataInventory {
  private final Path dataDir;
  private final Function<CifarVariant, CifarLayout> layouts;

  /** The inventory of {@code dataDir}. */
  public DataInventory(Path dataDir) {
    this(dataDir, CifarLayout::of);
  }

  DataInventory(Path dataDir, Function<CifarVariant, CifarLayout> layouts) {
    this.dataDir = dataDir;
    this.layouts = layouts;
  }

  /** The data directory. */
  public Path dataDirectory() {
    return dataDir;
  }

  /** The status of {@code variant} from its marker, without reading the data files. */
  public DatasetStatus status(CifarVariant variant) {
    CifarLayout layout = layouts.apply(variant);
    Path directory = layout.directoryIn(dataDir);
    if (!Files.isDirectory(directory)) {
      return absent(layout);
    }
    Optional<VerifiedMarker> marker = VerifiedMarker.readFrom(directory);
    if (marker.isEmpty()) {
      return unverified(layout, "not verified; run: kflo data verify");
    }
    if (!marker.get().matches(directory, layout)) {
      return unverified(
          layout,
          "changed since it was verified at "
              + marker.get().verifiedAt()
              + "; run: kflo data verify");
    }
    return verified(
        layout,
        marker.get(),
        "verified at "
            + marker.get().verifiedAt()
            + " (by its "
            + VerifiedMarker.FILE_NAME
            + " marker: sizes and times unchanged since; kflo data verify re-reads every byte)");
  }

  /**
   * Re-checks every file of {@code variant} (sizes, records, labels, md5s) and updates its marker.
   */
  public DatasetStatus verify(CifarVariant variant) {
    CifarLayout layout = layouts.apply(variant);
    if (!Files.isDirectory(layout.directoryIn(dataDir))) {
      return absent(layout);
    }
    try {
      VerifiedMarker marker = CifarVerifier.verifyAndMark(dataDir, layout);
      return verified(
          layout, marker, "verified at " + marker.verifiedAt() + " (every byte checked)");
    } catch (DatasetException e) {
      return status(layout, DatasetStatus.State.INVALID, e.getMessage());
    }
  }

  private DatasetStatus verified(CifarLayout layout, VerifiedMarker marker, String detail) {
    List<String> names;
    try {
      names =
          ClassNames.read(
              dataDir, layout, layout.labelBytes().get(layout.labelIndex(LabelGranularity.FINE)));
    } catch (DatasetException e) {
      return status(layout, DatasetStatus.State.INVALID, e.getMessage());
    }
    return new DatasetStatus(
        layout.variant(),
        layout.directoryIn(dataDir),
        DatasetStatus.State.VERIFIED,
        detail,
        names,
        marker.trainCounts(),
        marker.testCounts());
  }

  private DatasetStatus absent(CifarLayout layout) {
    return status(
        layout,
        DatasetStatus.State.ABSENT,
        "absent; run: kflo data fetch " + layout.variant().id());
  }

  private DatasetStatus unverified(CifarLayout layout, String detail) {
    return status(layout, DatasetStatus.State.UNVERIFIED, detail);
  }

  private DatasetStatus status(CifarLayout layout, DatasetStatus.State state, String detail) {
    return new DatasetStatus(
        layout.variant(),
        layout.directoryIn(dataDir),
        state,
        detail,
        List.of(),
        new int[0],
        new int[0]);
  }
}
