package io.kflo4j.datasets.cifar;

import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.datasets.core.LabelGranularity;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the files of one split (train or test) into one {@link ImageSet}, with the chosen label and
 * its names.
 */
public final class CifarSplitReader {
  private CifarSplitReader() {}

  /**
   * The images of {@code files}, in file order, labelled by {@code granularity}.
   *
   * @throws io.kflo4j.datasets.core.DatasetException naming the file and the problem if a file is
   *     absent or invalid
   */
  public static ImageSet read(
      Path dataDir, CifarLayout layout, List<CifarFileSpec> files, LabelGranularity granularity) {
    int labelIndex = layout.labelIndex(granularity);
    List<String> names = ClassNames.read(dataDir, layout, layout.labelBytes().get(labelIndex));
    int total = files.stream().mapToInt(CifarFileSpec::records).sum();
    int labelBytes = layout.labelBytes().size();
    int recordSize = layout.recordSize();
    byte[] pixels = new byte[Math.multiplyExact(total, ImageSet.IMAGE_BYTES)];
    int[] labels = new int[total];
    int image = 0;
    for (CifarFileSpec file : files) {
      byte[] bytes = CifarFileReader.read(dataDir, layout, file);
      for (int offset = 0; offset < bytes.length; offset += recordSize, image++) {
        labels[image] = bytes[offset + labelIndex] & 0xff;
        System.arraycopy(
            bytes, offset + labelBytes, pixels, image * ImageSet.IMAGE_BYTES, ImageSet.IMAGE_BYTES);
      }
    }
    return ImageSet.of(pixels, labels, names);
  }
}
