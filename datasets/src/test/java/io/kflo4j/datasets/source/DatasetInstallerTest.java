package io.kflo4j.datasets.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.cifar.CifarVerifier;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.testing.SyntheticCifar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetInstallerTest {
  @TempDir Path root;

  private final CifarLayout layout = SyntheticCifar.layout(CifarVariant.CIFAR100, 3);

  private Path dataDir() throws IOException {
    return Files.createDirectories(root.resolve("data"));
  }

  private Path validArchive() {
    return SyntheticCifar.archive(
        root.resolve("cifar-100-binary.tar.gz"), SyntheticCifar.members(CifarVariant.CIFAR100, 3));
  }

  /** A source that fails with {@code message} without writing anything. */
  private static DataSource failing(String name, String message) {
    return new DataSource() {
      @Override
      public String describe() {
        return name;
      }

      @Override
      public void provide(CifarLayout layout, Path stagingDir) throws IOException {
        Files.createDirectories(layout.directoryIn(stagingDir));
        Files.write(layout.directoryIn(stagingDir).resolve("train.bin"), new byte[] {1});
        throw new DatasetException(message);
      }
    };
  }

  @Test
  void installsAValidArchiveVerified() throws IOException {
    Path dataDir = dataDir();
    Path installed =
        DatasetInstaller.install(dataDir, layout, List.of(new ArchiveSource(validArchive())));

    assertEquals(dataDir.resolve("cifar-100-binary"), installed);
    assertEquals(
        List.of(
            "cifar-100-binary/.verified",
            "cifar-100-binary/coarse_label_names.txt",
            "cifar-100-binary/fine_label_names.txt",
            "cifar-100-binary/test.bin",
            "cifar-100-binary/train.bin"),
        SyntheticCifar.filesUnder(dataDir));
    assertArrayEquals(
        SyntheticCifar.fileBytes(CifarVariant.CIFAR100, 0, 3),
        Files.readAllBytes(installed.resolve("train.bin")));
    assertTrue(CifarVerifier.currentMarker(dataDir, layout).isPresent());
  }

  @Test
  void aDataSetAlreadyThereNeedsNoSource() throws IOException {
    Path dataDir = dataDir();
    SyntheticCifar.write(dataDir, CifarVariant.CIFAR100, 3);
    assertEquals(
        dataDir.resolve("cifar-100-binary"), DatasetInstaller.install(dataDir, layout, List.of()));
    assertTrue(CifarVerifier.currentMarker(dataDir, layout).isPresent());
    assertEquals(
        dataDir.resolve("cifar-100-binary"), DatasetInstaller.install(dataDir, layout, List.of()));
  }

  @Test
  void aDamagedDataSetIsReportedNotReplaced() throws IOException {
    Path dataDir = dataDir();
    SyntheticCifar.write(dataDir, CifarVariant.CIFAR100, 3);
    Files.write(dataDir.resolve("cifar-100-binary/test.bin"), new byte[10]);
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                DatasetInstaller.install(
                    dataDir, layout, List.of(new ArchiveSource(validArchive()))));
    assertEquals(
        "cifar-100-binary/test.bin: size 10 is not a multiple of the record size 3074 (delete "
            + dataDir.resolve("cifar-100-binary")
            + " and fetch again)",
        e.getMessage());
  }

  @Test
  void aRefusedArchiveLeavesNothingBehind() throws IOException {
    Map<String, byte[]> members =
        new LinkedHashMap<>(SyntheticCifar.members(CifarVariant.CIFAR100, 3));
    members.put("../evil.txt", new byte[] {1});
    Path archive = SyntheticCifar.archive(root.resolve("evil.tar.gz"), members);
    Path dataDir = dataDir();

    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> DatasetInstaller.install(dataDir, layout, List.of(new ArchiveSource(archive))));

    assertEquals(
        "could not fetch CIFAR-100 into "
            + dataDir
            + ": "
            + archive
            + ": member ../evil.txt refused: path leads outside the target directory",
        e.getMessage());
    assertEquals(List.of(), SyntheticCifar.filesUnder(dataDir));
    assertEquals(List.of(), List.of(dataDir.toFile().list()));
    assertEquals(
        List.of("evil.tar.gz"),
        List.of(root.toFile().list()).stream().filter(n -> !n.equals("data")).toList());
  }

  @Test
  void anArchiveWithWrongContentsFailsVerificationAndLeavesNothing() throws IOException {
    Path dataDir = dataDir();
    CifarLayout strict = layout.withFile("test.bin", 3, "0123456789abcdef0123456789abcdef");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                DatasetInstaller.install(
                    dataDir, strict, List.of(new ArchiveSource(validArchive()))));
    assertTrue(
        e.getMessage()
            .matches(
                "could not fetch CIFAR-100 into .*: cifar-100-binary/test.bin: md5 [0-9a-f]{32}"
                    + " does not match the official md5 0123456789abcdef0123456789abcdef"),
        e.getMessage());
    assertEquals(List.of(), List.of(dataDir.toFile().list()));
  }

  @Test
  void fallsThroughToTheNextSource() throws IOException {
    Path dataDir = dataDir();
    Path installed =
        DatasetInstaller.install(
            dataDir,
            layout,
            List.of(failing("first", "no luck"), new ArchiveSource(validArchive())));
    assertEquals(5, SyntheticCifar.filesUnder(installed).size());
    assertEquals(List.of("cifar-100-binary"), List.of(dataDir.toFile().list()));
  }

  @Test
  void reportsEverySourceWhenAllFail() throws IOException {
    Path dataDir = dataDir();
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                DatasetInstaller.install(
                    dataDir,
                    layout,
                    List.of(failing("first", "no luck"), failing("second", "no network"))));
    assertEquals(
        "could not fetch CIFAR-100 into "
            + dataDir
            + " from any source: (1) first: no luck; (2) second: no network",
        e.getMessage());
    assertEquals(List.of(), List.of(dataDir.toFile().list()));
  }

  @Test
  void aFailedFetchLeavesNoDataDirectoryItCreated() {
    Path dataDir = root.resolve("new/cache/data");
    assertThrows(
        DatasetException.class,
        () -> DatasetInstaller.install(dataDir, layout, List.of(failing("first", "no luck"))));
    assertEquals(false, Files.exists(root.resolve("new")));
  }

  @Test
  void aDataDirectoryThatCannotBeCreatedIsNamedBeforeAnySourceIsTried() throws IOException {
    Path file = Files.writeString(root.resolve("file"), "x");
    DataSource untouchable = failing("a source", "must not be tried");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> DatasetInstaller.install(file.resolve("data"), layout, List.of(untouchable)));
    assertEquals(
        "cannot fetch CIFAR-100: cannot create the data directory "
            + file.resolve("data")
            + " ("
            + file.resolve("data")
            + ": Not a directory)",
        e.getMessage());
  }
}
