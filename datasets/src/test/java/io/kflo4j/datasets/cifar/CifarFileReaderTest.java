package io.kflo4j.datasets.cifar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.testing.SyntheticCifar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarFileReaderTest {
  @TempDir Path dataDir;

  private final CifarLayout cifar100 = SyntheticCifar.layout(CifarVariant.CIFAR100, 3);
  private final CifarFileSpec train = cifar100.trainFiles().get(0);

  private void writeTrain(byte[] bytes) throws IOException {
    Path dir = Files.createDirectories(cifar100.directoryIn(dataDir));
    Files.write(dir.resolve("train.bin"), bytes);
  }

  private static String messageOf(Runnable read) {
    return assertThrows(DatasetException.class, read::run).getMessage();
  }

  @Test
  void readsAValidFile() throws IOException {
    byte[] bytes = SyntheticCifar.fileBytes(CifarVariant.CIFAR100, 0, 3);
    writeTrain(bytes);
    assertArrayEquals(bytes, CifarFileReader.read(dataDir, cifar100, train));
  }

  @Test
  void missingFile() {
    assertEquals(
        "cifar-100-binary/train.bin: file is missing",
        messageOf(() -> CifarFileReader.read(dataDir, cifar100, train)));
  }

  @Test
  void sizeNotAMultipleOfTheRecordSize() throws IOException {
    writeTrain(new byte[3 * 3074 + 5]);
    assertEquals(
        "cifar-100-binary/train.bin: size 9227 is not a multiple of the record size 3074",
        messageOf(() -> CifarFileReader.read(dataDir, cifar100, train)));
  }

  @Test
  void wrongRecordCount() throws IOException {
    writeTrain(SyntheticCifar.fileBytes(CifarVariant.CIFAR100, 0, 2));
    assertEquals(
        "cifar-100-binary/train.bin: 2 records, expected 3",
        messageOf(() -> CifarFileReader.read(dataDir, cifar100, train)));
  }

  @Test
  void fineLabelOutOfRange() throws IOException {
    byte[] bytes = SyntheticCifar.fileBytes(CifarVariant.CIFAR100, 0, 3);
    bytes[3074 + 1] = 100;
    writeTrain(bytes);
    assertEquals(
        "cifar-100-binary/train.bin: record 1 has fine label 100, outside 0..99",
        messageOf(() -> CifarFileReader.read(dataDir, cifar100, train)));
  }

  @Test
  void coarseLabelOutOfRange() throws IOException {
    byte[] bytes = SyntheticCifar.fileBytes(CifarVariant.CIFAR100, 0, 3);
    bytes[2 * 3074] = (byte) 200;
    writeTrain(bytes);
    assertEquals(
        "cifar-100-binary/train.bin: record 2 has coarse label 200, outside 0..19",
        messageOf(() -> CifarFileReader.read(dataDir, cifar100, train)));
  }

  @Test
  void cifar10LabelOutOfRange() throws IOException {
    CifarLayout cifar10 = SyntheticCifar.write(dataDir, CifarVariant.CIFAR10, 2);
    Path file = cifar10.directoryIn(dataDir).resolve("data_batch_2.bin");
    byte[] bytes = Files.readAllBytes(file);
    bytes[3073] = 10;
    Files.write(file, bytes);
    assertEquals(
        "cifar-10-batches-bin/data_batch_2.bin: record 1 has label 10, outside 0..9",
        messageOf(() -> CifarFileReader.read(dataDir, cifar10, cifar10.trainFiles().get(1))));
  }
}
