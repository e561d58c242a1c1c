package io.kflo4j.datasets.testing;

import io.kflo4j.datasets.cifar.CifarFileSpec;
import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.cifar.Md5;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.ImageSet;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Small synthetic data sets in the real binary formats, and archives of them, for tests. */
public final class SyntheticCifar {
  /** Fine class names written to the synthetic CIFAR-100 names file. */
  public static final List<String> FINE_NAMES = names("fine", 100);

  /** Coarse class names written to the synthetic CIFAR-100 names file. */
  public static final List<String> COARSE_NAMES = names("coarse", 20);

  /** Class names written to the synthetic CIFAR-10 {@code batches.meta.txt}. */
  public static final List<String> CIFAR10_NAMES = names("c", 10);

  private SyntheticCifar() {}

  private static List<String> names(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }

  /**
   * The fine (CIFAR-100) or only (CIFAR-10) label of record {@code record} of file {@code file}.
   */
  public static int label(CifarVariant variant, int file, int record) {
    int classes = variant == CifarVariant.CIFAR10 ? 10 : 100;
    return (file * 7 + record * 3) % classes;
  }

  /** The coarse label that goes with fine label {@code fine}. */
  public static int coarseOf(int fine) {
    return fine / 5;
  }

  /** Pixel byte {@code offset} (0..3071) of record {@code record} of file {@code file}. */
  public static byte pixel(int file, int record, int offset) {
    return (byte) (file * 31 + record * 17 + offset * 5 + offset / 1024);
  }

  /** The bytes of file {@code file} of a synthetic data set: {@code records} records. */
  public static byte[] fileBytes(CifarVariant variant, int file, int records) {
    int labelBytes = variant == CifarVariant.CIFAR10 ? 1 : 2;
    int recordSize = labelBytes + ImageSet.IMAGE_BYTES;
    byte[] bytes = new byte[records * recordSize];
    for (int r = 0; r < records; r++) {
      int base = r * recordSize;
      int fine = label(variant, file, r);
      if (labelBytes == 2) {
        bytes[base] = (byte) coarseOf(fine);
      }
      bytes[base + labelBytes - 1] = (byte) fine;
      for (int p = 0; p < ImageSet.IMAGE_BYTES; p++) {
        bytes[base + labelBytes + p] = pixel(file, r, p);
      }
    }
    return bytes;
  }

  /**
   * The members of a synthetic data set as they appear in an official archive, {@code records} per
   * file.
   */
  public static Map<String, byte[]> members(CifarVariant variant, int records) {
    CifarLayout official = CifarLayout.of(variant);
    Map<String, byte[]> members = new LinkedHashMap<>();
    List<CifarFileSpec> files = official.dataFiles();
    for (int f = 0; f < files.size(); f++) {
      members.put(official.displayName(files.get(f).name()), fileBytes(variant, f, records));
    }
    if (variant == CifarVariant.CIFAR10) {
      members.put(official.displayName("batches.meta.txt"), text(CIFAR10_NAMES));
    } else {
      members.put(official.displayName("coarse_label_names.txt"), text(COARSE_NAMES));
      members.put(official.displayName("fine_label_names.txt"), text(FINE_NAMES));
    }
    return members;
  }

  /**
   * The layout whose expectations (record counts, md5s) fit {@link #members(CifarVariant, int)}.
   */
  public static CifarLayout layout(CifarVariant variant, int records) {
    CifarLayout layout = CifarLayout.of(variant);
    List<CifarFileSpec> files = layout.dataFiles();
    for (int f = 0; f < files.size(); f++) {
      layout =
          layout.withFile(files.get(f).name(), records, Md5.of(fileBytes(variant, f, records)));
    }
    return layout;
  }

  /** Writes a synthetic data set into {@code dataDir} and returns its layout. */
  public static CifarLayout write(Path dataDir, CifarVariant variant, int records) {
    try {
      for (Map.Entry<String, byte[]> member : members(variant, records).entrySet()) {
        Path path = dataDir.resolve(member.getKey());
        Files.createDirectories(path.getParent());
        Files.write(path, member.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return layout(variant, records);
  }

  /**
   * Writes a {@code .tar.gz} holding {@code members} (names taken literally, in order) at {@code
   * archive}.
   */
  public static Path archive(Path archive, Map<String, byte[]> members) {
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> member : members.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(member.getKey(), true);
        entry.setSize(member.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(member.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return archive;
  }

  /** Lines joined by newlines, with a final newline, as UTF-8. */
  public static byte[] text(List<String> lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** All regular files under {@code dir}, relative, sorted, with {@code /} separators. */
  public static List<String> filesUnder(Path dir) {
    try (var paths = Files.walk(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .map(path -> dir.relativize(path).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
