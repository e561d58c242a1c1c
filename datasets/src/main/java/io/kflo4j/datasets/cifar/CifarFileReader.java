package io.kflo4j.datasets.cifar;

import io.kflo4j.datasets.core.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads one binary file of a data set, checking that it exists, that its size is a whole number of
 * records, that it has the expected record count and that every label byte is in range.
 */
public final class CifarFileReader {
  private CifarFileReader() {}

  /**
   * The validated bytes of {@code file}, read from the data set's directory inside {@code dataDir}.
   *
   * @throws DatasetException naming the file ({@code directory/file}) and the problem
   */
  public static byte[] read(Path dataDir, CifarLayout layout, CifarFileSpec file) {
    String name = layout.displayName(file.name());
    Path path = layout.directoryIn(dataDir).resolve(file.name());
    if (!Files.isRegularFile(path)) {
      throw new DatasetException(name + ": file is missing");
    }
    try {
      long size = Files.size(path);
      int recordSize = layout.recordSize();
      if (size % recordSize != 0) {
        throw new DatasetException(
            name + ": size " + size + " is not a multiple of the record size " + recordSize);
      }
      if (size / recordSize != file.records()) {
        throw new DatasetException(
            name + ": " + size / recordSize + " records, expected " + file.records());
      }
      byte[] bytes = Files.readAllBytes(path);
      checkLabels(name, bytes, layout);
      return bytes;
    } catch (IOException e) {
      throw new DatasetException(name + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static void checkLabels(String name, byte[] bytes, CifarLayout layout) {
    List<CifarLayout.LabelByte> labels = layout.labelBytes();
    int recordSize = layout.recordSize();
    for (int record = 0, offset = 0; offset < bytes.length; record++, offset += recordSize) {
      for (int i = 0; i < labels.size(); i++) {
        int label = bytes[offset + i] & 0xff;
        int classes = labels.get(i).classes();
        if (label >= classes) {
          throw new DatasetException(
              name
                  + ": record "
                  + record
                  + " has "
                  + labels.get(i).description()
                  + " "
                  + label
                  + ", outside 0.."
                  + (classes - 1));
        }
      }
    }
  }
}
