package io.kflo4j.datasets.cifar;

import com.google.common.collect.ImmutableSet;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.datasets.core.LabelGranularity;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The on-disk layout of one data set in the official binary format: its directory, its files with
 * their expected record counts and md5s, the label bytes of a record, its class-name files and its
 * official archive. The official layouts come from {@link #of(CifarVariant)}; tests derive small
 * ones with {@link #withFile}.
 */
public final class CifarLayout {
  /** The CIFAR-10 class names, used when {@code batches.meta.txt} is absent. */
  public static final List<String> CIFAR10_CLASS_NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

  private final CifarVariant variant;
  private final String directory;
  private final List<CifarFileSpec> trainFiles;
  private final List<CifarFileSpec> testFiles;
  private final List<LabelByte> labelBytes;
  private final String archiveName;
  private final URI archiveUrl;
  private final String archiveMd5;

  /**
   * One label byte of a record.
   *
   * @param granularity which label it holds
   * @param description how messages name it: {@code label}, {@code coarse label}, {@code fine
   *     label}
   * @param classes number of classes
   * @param namesFile file of class names, one a line, in the data set's directory
   * @param fallbackNames names used when {@code namesFile} is absent (empty: the file is required)
   */
  public record LabelByte(
      LabelGranularity granularity,
      String description,
      int classes,
      String namesFile,
      List<String> fallbackNames) {}

  private CifarLayout(
      CifarVariant variant,
      String directory,
      List<CifarFileSpec> trainFiles,
      List<CifarFileSpec> testFiles,
      List<LabelByte> labelBytes,
      String archiveName,
      String archiveMd5) {
    this.variant = variant;
    this.directory = directory;
    this.trainFiles = List.copyOf(trainFiles);
    this.testFiles = List.copyOf(testFiles);
    this.labelBytes = List.copyOf(labelBytes);
    this.archiveName = archiveName;
    this.archiveUrl = URI.create("https://www.cs.toronto.edu/~kriz/" + archiveName);
    this.archiveMd5 = archiveMd5;
  }

  /** The official layout of {@code variant}, with the official record counts and md5s. */
  public static CifarLayout of(CifarVariant variant) {
    return switch (variant) {
      case CIFAR10 ->
          new CifarLayout(
              variant,
              "cifar-10-batches-bin",
              List.of(
                  new CifarFileSpec("data_batch_1.bin", 10_000, "5dd7e06a14cb22eb9f671a540d1b7c25"),
                  new CifarFileSpec("data_batch_2.bin", 10_000, "5ea93a67294ea407fff1d09f752e9692"),
                  new CifarFileSpec("data_batch_3.bin", 10_000, "942cd6a4bcdd0dd3c604fbe906cb4421"),
                  new CifarFileSpec("data_batch_4.bin", 10_000, "ae636b3ba5c66a11e91e8cb52e771fcb"),
                  new CifarFileSpec(
                      "data_batch_5.bin", 10_000, "53f37980c15c3d472c316c40844f3f0d")),
              List.of(
                  new CifarFileSpec("test_batch.bin", 10_000, "803d5f7f4d78ea53de84dbe85f74fb6d")),
              List.of(
                  new LabelByte(
                      LabelGranularity.FINE, "label", 10, "batches.meta.txt", CIFAR10_CLASS_NAMES)),
              "cifar-10-binary.tar.gz",
              "c32a1d4ab5d03f1284b67883e8d87530");
      case CIFAR100 ->
          new CifarLayout(
              variant,
              "cifar-100-binary",
              List.of(new CifarFileSpec("train.bin", 50_000, "6172c7755cfe09b2fe270c85cebc1b15")),
              List.of(new CifarFileSpec("test.bin", 10_000, "4499cfba6c016c1be1438163640a0898")),
              List.of(
                  new LabelByte(
                      LabelGranularity.COARSE,
                      "coarse label",
                      20,
                      "coarse_label_names.txt",
                      List.of()),
                  new LabelByte(
                      LabelGranularity.FINE, "fine label", 100, "fine_label_names.txt", List.of())),
              "cifar-100-binary.tar.gz",
              "03b5dce01913d631647c71ecec9e9cb8");
    };
  }

  /**
   * A copy of this layout in which the file {@code name} is expected to hold {@code records}
   * records with md5 {@code md5} (for synthetic test data).
   *
   * @throws IllegalArgumentException if the layout has no file {@code name}
   */
  public CifarLayout withFile(String name, int records, String md5) {
    CifarFileSpec replacement = new CifarFileSpec(name, records, md5);
    if (dataFiles().stream().noneMatch(file -> file.name().equals(name))) {
      throw new IllegalArgumentException(directory + " has no file " + name);
    }
    return new CifarLayout(
        variant,
        directory,
        replace(trainFiles, replacement),
        replace(testFiles, replacement),
        labelBytes,
        archiveName,
        archiveMd5);
  }

  private static List<CifarFileSpec> replace(List<CifarFileSpec> files, CifarFileSpec replacement) {
    return files.stream()
        .map(file -> file.name().equals(replacement.name()) ? replacement : file)
        .toList();
  }

  /** The data set. */
  public CifarVariant variant() {
    return variant;
  }

  /** The data set's directory name, e.g. {@code cifar-10-batches-bin}. */
  public String directory() {
    return directory;
  }

  /** The data set's directory inside {@code dataDir}. */
  public Path directoryIn(Path dataDir) {
    return dataDir.resolve(directory);
  }

  /** How messages name a file of this data set: {@code directory/file}. */
  public String displayName(String fileName) {
    return directory + "/" + fileName;
  }

  /** The training files, in order. */
  public List<CifarFileSpec> trainFiles() {
    return trainFiles;
  }

  /** The test files, in order. */
  public List<CifarFileSpec> testFiles() {
    return testFiles;
  }

  /** The training files, then the test files. */
  public List<CifarFileSpec> dataFiles() {
    List<CifarFileSpec> all = new ArrayList<>(trainFiles);
    all.addAll(testFiles);
    return List.copyOf(all);
  }

  /** The label bytes at the start of each record, in file order. */
  public List<LabelByte> labelBytes() {
    return labelBytes;
  }

  /** Bytes of one record: the label bytes, then 3072 pixel bytes. */
  public int recordSize() {
    return labelBytes.size() + ImageSet.IMAGE_BYTES;
  }

  /**
   * The position in a record of the label of {@code granularity}.
   *
   * @throws DatasetException if this data set has no such label (CIFAR-10 has no coarse label)
   */
  public int labelIndex(LabelGranularity granularity) {
    for (int i = 0; i < labelBytes.size(); i++) {
      if (labelBytes.get(i).granularity() == granularity) {
        return i;
      }
    }
    throw new DatasetException(
        variant.displayName()
            + " has no "
            + granularity.name().toLowerCase(Locale.ROOT)
            + " labels");
  }

  /**
   * The members of the official archive that hold this data set: data files and class-name files.
   */
  public Set<String> archiveMembers() {
    ImmutableSet.Builder<String> members = ImmutableSet.builder();
    dataFiles().forEach(file -> members.add(displayName(file.name())));
    labelBytes.forEach(label -> members.add(displayName(label.namesFile())));
    return members.build();
  }

  /** The file name of the official archive, e.g. {@code cifar-10-binary.tar.gz}. */
  public String archiveName() {
    return archiveName;
  }

  /** Where the official archive is downloaded from. */
  public URI archiveUrl() {
    return archiveUrl;
  }

  /** The md5 of the official archive. */
  public String archiveMd5() {
    return archiveMd5;
  }
}
