package io.kflo4j.datasets.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.testing.SyntheticCifar;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTarExtractorTest {
  @TempDir Path root;

  private static final byte[] DATA = {1, 2, 3};

  private Path target() throws IOException {
    return Files.createDirectories(root.resolve("target"));
  }

  @Test
  void extractsOnlyTheChosenMembers() throws IOException {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("d/", new byte[0]);
    members.put("./d/a.bin", DATA);
    members.put("d/readme.html", new byte[] {9});
    members.put("d/b.txt", new byte[] {4});
    Path archive = SyntheticCifar.archive(root.resolve("a.tar.gz"), members);
    Path target = target();

    Map<String, Path> written =
        SafeTarExtractor.extract(archive, target, Set.of("d/a.bin", "d/b.txt"));

    assertEquals(Set.of("d/a.bin", "d/b.txt"), written.keySet());
    assertArrayEquals(DATA, Files.readAllBytes(target.resolve("d/a.bin")));
    assertEquals(List.of("d/a.bin", "d/b.txt"), SyntheticCifar.filesUnder(target));
  }

  /** An interrupted download: the archive ends inside a member. */
  @Test
  void aTruncatedArchiveSaysSo() throws IOException {
    byte[] big = new byte[200_000];
    new java.util.Random(1).nextBytes(big);
    Path archive = SyntheticCifar.archive(root.resolve("a.tar.gz"), Map.of("d/a.bin", big));
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Path target = target();
    assertEquals(
        archive
            + ": cannot extract: the archive ends early (truncated, e.g. an interrupted download,"
            + " or damaged): download it again",
        assertThrows(
                DatasetException.class,
                () -> SafeTarExtractor.extract(archive, target, Set.of("d/a.bin")))
            .getMessage());
  }

  @Test
  void refusesAMemberThatLeadsOutside() throws IOException {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("d/a.bin", DATA);
    members.put("../evil.txt", DATA);
    Path archive = SyntheticCifar.archive(root.resolve("a.tar.gz"), members);
    Path target = target();

    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> SafeTarExtractor.extract(archive, target, Set.of("d/a.bin", "../evil.txt")));

    assertEquals(
        archive + ": member ../evil.txt refused: path leads outside the target directory",
        e.getMessage());
    assertFalse(Files.exists(root.resolve("evil.txt")));
  }

  @Test
  void refusesATraversalInTheMiddleOfAPath() throws IOException {
    Path archive = SyntheticCifar.archive(root.resolve("a.tar.gz"), Map.of("d/../../x.bin", DATA));
    Path target = target();
    assertEquals(
        archive + ": member d/../../x.bin refused: path leads outside the target directory",
        assertThrows(
                DatasetException.class,
                () -> SafeTarExtractor.extract(archive, target, Set.of("x.bin")))
            .getMessage());
  }

  @Test
  void refusesAnAbsoluteMember() throws IOException {
    String absolute = root.resolve("abs.txt").toString();
    Path archive = SyntheticCifar.archive(root.resolve("a.tar.gz"), Map.of(absolute, DATA));
    Path target = target();
    assertEquals(
        archive + ": member " + absolute + " refused: absolute path",
        assertThrows(
                DatasetException.class,
                () -> SafeTarExtractor.extract(archive, target, Set.of("d/a.bin")))
            .getMessage());
    assertFalse(Files.exists(root.resolve("abs.txt")));
  }

  @Test
  void reportsAMissingMember() throws IOException {
    Path archive = SyntheticCifar.archive(root.resolve("a.tar.gz"), Map.of("d/a.bin", DATA));
    Path target = target();
    assertEquals(
        archive + ": member d/c.bin is missing",
        assertThrows(
                DatasetException.class,
                () -> SafeTarExtractor.extract(archive, target, Set.of("d/a.bin", "d/c.bin")))
            .getMessage());
  }

  @Test
  void refusesALinkInPlaceOfAChosenMember() throws IOException {
    Path archive = root.resolve("link.tar.gz");
    try (OutputStream file = Files.newOutputStream(archive);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      TarArchiveEntry link = new TarArchiveEntry("d/a.bin", TarConstants.LF_SYMLINK);
      link.setLinkName("/etc/passwd");
      tar.putArchiveEntry(link);
      tar.closeArchiveEntry();
    }
    Path target = target();
    assertEquals(
        archive + ": member d/a.bin is not a regular file",
        assertThrows(
                DatasetException.class,
                () -> SafeTarExtractor.extract(archive, target, Set.of("d/a.bin")))
            .getMessage());
    assertEquals(List.of(), SyntheticCifar.filesUnder(target));
  }

  @Test
  void refusesAMemberThatAppearsTwice() throws IOException {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("d/a.bin", DATA);
    members.put("./d/a.bin", DATA);
    Path archive = SyntheticCifar.archive(root.resolve("a.tar.gz"), members);
    Path target = target();
    assertEquals(
        archive + ": member d/a.bin appears twice",
        assertThrows(
                DatasetException.class,
                () -> SafeTarExtractor.extract(archive, target, Set.of("d/a.bin")))
            .getMessage());
  }

  @Test
  void notAnArchive() throws IOException {
    Path file = Files.write(root.resolve("plain.tar.gz"), DATA);
    Path target = target();
    String message =
        assertThrows(
                DatasetException.class,
                () -> SafeTarExtractor.extract(file, target, Set.of("d/a.bin")))
            .getMessage();
    assertTrue(message.startsWith(file + ": cannot extract: "), message);
    Path missing = root.resolve("absent.tgz");
    assertEquals(
        missing + ": file is missing",
        assertThrows(DatasetException.class, () -> SafeTarExtractor.firstMember(missing))
            .getMessage());
  }

  @Test
  void firstMember() throws IOException {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("./package/package.json", DATA);
    members.put("package/x.png", DATA);
    assertEquals(
        Optional.of("package/package.json"),
        SafeTarExtractor.firstMember(SyntheticCifar.archive(root.resolve("p.tgz"), members)));
  }
}
