package io.kflo4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.testing.SyntheticCifar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataInventoryTest {
  @TempDir Path dataDir;

  private DataInventory inventory(CifarLayout layout) {
    return new DataInventory(dataDir, variant -> layout);
  }

  @Test
  void absent() {
    DatasetStatus status = new DataInventory(dataDir).status(CifarVariant.CIFAR10);
    assertEquals(DatasetStatus.State.ABSENT, status.state());
    assertEquals("absent; run: kflo data fetch cifar10", status.detail());
    assertEquals(dataDir.resolve("cifar-10-batches-bin"), status.directory());
  }

  @Test
  void presentButNotVerified() {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR10, 2);
    DatasetStatus status = inventory(layout).status(CifarVariant.CIFAR10);
    assertEquals(DatasetStatus.State.UNVERIFIED, status.state());
    assertEquals("not verified; run: kflo data verify", status.detail());
  }

  @Test
  void verifiedWithClassCounts() {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR10, 2);
    assertEquals(
        DatasetStatus.State.VERIFIED, inventory(layout).verify(CifarVariant.CIFAR10).state());

    DatasetStatus status = inventory(layout).status(CifarVariant.CIFAR10);
    assertEquals(DatasetStatus.State.VERIFIED, status.state());
    assertTrue(status.detail().startsWith("verified at "), status.detail());
    assertEquals(SyntheticCifar.CIFAR10_NAMES, status.classNames());
    int[] test = new int[10];
    test[SyntheticCifar.label(CifarVariant.CIFAR10, 5, 0)]++;
    test[SyntheticCifar.label(CifarVariant.CIFAR10, 5, 1)]++;
    assertArrayEquals(test, status.testCounts());
    assertEquals(10, Arrays.stream(status.trainCounts()).sum());
  }

  @Test
  void changedSinceVerified() throws IOException {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR100, 2);
    inventory(layout).verify(CifarVariant.CIFAR100);
    Path test = dataDir.resolve("cifar-100-binary/test.bin");
    Files.setLastModifiedTime(
        test, FileTime.fromMillis(Files.getLastModifiedTime(test).toMillis() - 60_000));

    DatasetStatus status = inventory(layout).status(CifarVariant.CIFAR100);
    assertEquals(DatasetStatus.State.UNVERIFIED, status.state());
    assertTrue(
        status.detail().matches("changed since it was verified at .*; run: kflo data verify"),
        status.detail());
  }

  @Test
  void verifyFindsDamage() throws IOException {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR100, 2);
    inventory(layout).verify(CifarVariant.CIFAR100);
    Path train = dataDir.resolve("cifar-100-binary/train.bin");
    byte[] bytes = Files.readAllBytes(train);
    bytes[100] ^= 1;
    Files.write(train, bytes);

    DatasetStatus status = inventory(layout).verify(CifarVariant.CIFAR100);
    assertEquals(DatasetStatus.State.INVALID, status.state());
    assertTrue(
        status
            .detail()
            .matches(
                "cifar-100-binary/train.bin: md5 [0-9a-f]{32} does not match the official "
                    + "md5 "
                    + layout.trainFiles().get(0).md5()),
        status.detail());
  }

  @Test
  void aFailedVerificationClearsTheMarker() throws IOException {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR100, 2);
    inventory(layout).verify(CifarVariant.CIFAR100);
    // One flipped byte, the modification time kept: the marker cannot see it, and info says what it
    // trusts.
    Path train = dataDir.resolve("cifar-100-binary/train.bin");
    FileTime modified = Files.getLastModifiedTime(train);
    byte[] bytes = Files.readAllBytes(train);
    bytes[100] ^= 1;
    Files.write(train, bytes);
    Files.setLastModifiedTime(train, modified);
    DatasetStatus trusted = inventory(layout).status(CifarVariant.CIFAR100);
    assertEquals(DatasetStatus.State.VERIFIED, trusted.state());
    assertTrue(
        trusted
            .detail()
            .matches(
                "verified at .* \\(by its \\.verified marker: sizes and times unchanged "
                    + "since; kflo data verify re-reads every byte\\)"),
        trusted.detail());

    assertEquals(
        DatasetStatus.State.INVALID, inventory(layout).verify(CifarVariant.CIFAR100).state());
    assertTrue(Files.notExists(dataDir.resolve("cifar-100-binary/.verified")));
    DatasetStatus after = inventory(layout).status(CifarVariant.CIFAR100);
    assertEquals(DatasetStatus.State.UNVERIFIED, after.state());
    assertEquals("not verified; run: kflo data verify", after.detail());
  }
}
