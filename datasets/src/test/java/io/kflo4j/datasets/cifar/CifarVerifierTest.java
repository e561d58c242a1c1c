package io.kflo4j.datasets.cifar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.testing.SyntheticCifar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarVerifierTest {
  @TempDir Path dataDir;

  @Test
  void verifiesAndRecordsMd5sAndClassCounts() {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR10, 4);
    VerifiedMarker marker = CifarVerifier.verifyAndMark(dataDir, layout);

    int[] train = new int[10];
    for (int file = 0; file < 5; file++) {
      for (int record = 0; record < 4; record++) {
        train[SyntheticCifar.label(CifarVariant.CIFAR10, file, record)]++;
      }
    }
    assertArrayEquals(train, marker.trainCounts());
    assertEquals(4, java.util.Arrays.stream(marker.testCounts()).sum());
    assertEquals(6, marker.files().size());
    assertEquals(layout.trainFiles().get(2).md5(), marker.files().get("data_batch_3.bin").md5());
    assertEquals(4 * 3073, marker.files().get("data_batch_3.bin").size());
    assertTrue(Files.isRegularFile(layout.directoryIn(dataDir).resolve(".verified")));
    assertEquals(
        marker.files(), CifarVerifier.currentMarker(dataDir, layout).orElseThrow().files());
  }

  @Test
  void md5Mismatch() {
    CifarLayout written = SyntheticCifar.write(dataDir, CifarVariant.CIFAR10, 2);
    String actual = written.testFiles().get(0).md5();
    CifarLayout layout = written.withFile("test_batch.bin", 2, "0123456789abcdef0123456789abcdef");
    DatasetException e =
        assertThrows(DatasetException.class, () -> CifarVerifier.verify(dataDir, layout));
    assertEquals(
        "cifar-10-batches-bin/test_batch.bin: md5 "
            + actual
            + " does not match the official md5 0123456789abcdef0123456789abcdef",
        e.getMessage());
  }

  @Test
  void markerGoesStaleWhenAFileChanges() throws IOException {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR100, 2);
    CifarVerifier.verifyAndMark(dataDir, layout);
    Path train = layout.directoryIn(dataDir).resolve("train.bin");
    Files.setLastModifiedTime(
        train, FileTime.fromMillis(Files.getLastModifiedTime(train).toMillis() + 5000));
    assertFalse(CifarVerifier.currentMarker(dataDir, layout).isPresent());
  }

  @Test
  void markerOfOtherMd5sDoesNotCount() {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR100, 2);
    CifarVerifier.verifyAndMark(dataDir, layout);
    assertFalse(
        CifarVerifier.currentMarker(dataDir, CifarLayout.of(CifarVariant.CIFAR100)).isPresent());
  }

  @Test
  void namesFileWithTheWrongNumberOfNames() throws IOException {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR100, 2);
    Files.write(
        layout.directoryIn(dataDir).resolve("fine_label_names.txt"),
        SyntheticCifar.text(SyntheticCifar.FINE_NAMES.subList(0, 99)));
    assertEquals(
        "cifar-100-binary/fine_label_names.txt: 99 names, expected 100",
        assertThrows(DatasetException.class, () -> CifarVerifier.verify(dataDir, layout))
            .getMessage());
  }

  @Test
  void missingFileIsReportedBeforeAnyMarkerIsWritten() throws IOException {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR10, 2);
    Files.delete(layout.directoryIn(dataDir).resolve("data_batch_4.bin"));
    assertEquals(
        "cifar-10-batches-bin/data_batch_4.bin: file is missing",
        assertThrows(DatasetException.class, () -> CifarVerifier.verifyAndMark(dataDir, layout))
            .getMessage());
    assertFalse(Files.exists(layout.directoryIn(dataDir).resolve(".verified")));
  }
}
