package io.kflo4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.core.LabelGranularity;
import io.kflo4j.datasets.testing.SyntheticCifar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFetcherTest {
  @TempDir Path root;

  private final CifarLayout layout = SyntheticCifar.layout(CifarVariant.CIFAR100, 2);

  @Test
  void fetchesFromAGivenArchiveThenLoads() {
    Path archive =
        SyntheticCifar.archive(
            root.resolve("any-name.tar.gz"), SyntheticCifar.members(CifarVariant.CIFAR100, 2));
    Path dataDir = root.resolve("data");
    DataFetcher fetcher = new DataFetcher(dataDir, variant -> layout);

    assertEquals(
        dataDir.resolve("cifar-100-binary"),
        fetcher.fetch(CifarVariant.CIFAR100, Optional.of(archive)));

    CifarData data = CifarData.load(layout, dataDir, LabelGranularity.FINE);
    assertEquals(2, data.train().size());
    DatasetStatus status =
        new DataInventory(dataDir, variant -> layout).status(CifarVariant.CIFAR100);
    assertEquals(DatasetStatus.State.VERIFIED, status.state());
    assertEquals(SyntheticCifar.FINE_NAMES, status.classNames());
  }

  @Test
  void findsTheOfficialArchiveInTheDataDirectory() throws Exception {
    Path dataDir = Files.createDirectories(root.resolve("data"));
    SyntheticCifar.archive(
        dataDir.resolve("cifar-100-binary.tar.gz"),
        SyntheticCifar.members(CifarVariant.CIFAR100, 2));

    new DataFetcher(dataDir, variant -> layout).fetch(CifarVariant.CIFAR100, Optional.empty());

    assertEquals(
        List.of("cifar-100-binary", "cifar-100-binary.tar.gz"),
        List.of(dataDir.toFile().list()).stream().sorted().toList());
    assertArrayEquals(
        SyntheticCifar.fileBytes(CifarVariant.CIFAR100, 1, 2),
        Files.readAllBytes(dataDir.resolve("cifar-100-binary/test.bin")));
  }

  @Test
  void aGivenArchiveThatDoesNotExist() {
    Path missing = root.resolve("missing.tar.gz");
    assertEquals(
        missing + ": file is missing",
        assertThrows(
                DatasetException.class,
                () ->
                    new DataFetcher(root, variant -> layout)
                        .fetch(CifarVariant.CIFAR100, Optional.of(missing)))
            .getMessage());
  }
}
