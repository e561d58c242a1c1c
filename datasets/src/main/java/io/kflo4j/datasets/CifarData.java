package io.kflo4j.datasets;

import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.cifar.CifarSplitReader;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.datasets.core.LabelGranularity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** One CIFAR data set loaded from the official binary files: its training and test images. */
public final class CifarData {
  private static final Logger LOG = LogManager.getLogger(CifarData.class);

  private final CifarVariant variant;
  private final ImageSet train;
  private final ImageSet test;

  private CifarData(CifarVariant variant, ImageSet train, ImageSet test) {
    this.variant = variant;
    this.train = train;
    this.test = test;
  }

  /**
   * Loads {@code variant} from {@code dataDir} with fine labels (the only labels of CIFAR-10).
   *
   * @throws DatasetException if the files are absent (the message names the data directory and the
   *     {@code kflo data fetch} command to run) or invalid (the message names the file and the
   *     problem)
   */
  public static CifarData load(CifarVariant variant, Path dataDir) {
    return load(variant, dataDir, LabelGranularity.FINE);
  }

  /**
   * Loads {@code variant} from {@code dataDir} with the labels of {@code granularity}.
   *
   * @throws DatasetException as {@link #load(CifarVariant, Path)}, and for coarse labels of
   *     CIFAR-10
   */
  public static CifarData load(CifarVariant variant, Path dataDir, LabelGranularity granularity) {
    return load(CifarLayout.of(variant), dataDir, granularity);
  }

  static CifarData load(CifarLayout layout, Path dataDir, LabelGranularity granularity) {
    CifarVariant variant = layout.variant();
    if (!Files.isDirectory(layout.directoryIn(dataDir))) {
      throw new DatasetException(
          variant.displayName()
              + " is not in the data directory "
              + dataDir
              + " (no "
              + layout.directory()
              + "/); run: kflo data fetch "
              + variant.id()
              + " --data-dir "
              + dataDir);
    }
    long start = System.nanoTime();
    try {
      ImageSet train = CifarSplitReader.read(dataDir, layout, layout.trainFiles(), granularity);
      ImageSet test = CifarSplitReader.read(dataDir, layout, layout.testFiles(), granularity);
      LOG.info(
          "loaded {} from {}: {} training and {} test images, {} classes, in {} s",
          variant.displayName(),
          dataDir,
          train.size(),
          test.size(),
          train.numClasses(),
          String.format("%.1f", (System.nanoTime() - start) / 1e9));
      return new CifarData(variant, train, test);
    } catch (DatasetException e) {
      throw new DatasetException(
          e.getMessage() + " (data directory " + dataDir + "; see kflo data verify)", e);
    }
  }

  /** The data set. */
  public CifarVariant variant() {
    return variant;
  }

  /** The training images (50,000 for the official files). */
  public ImageSet train() {
    return train;
  }

  /** The test images (10,000 for the official files). */
  public ImageSet test() {
    return test;
  }
}
