package io.kflo4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.core.LabelGranularity;
import io.kflo4j.datasets.testing.SyntheticCifar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarDataTest {
  @TempDir Path dataDir;

  private static byte[] image(byte[] pixels, int index) {
    return Arrays.copyOfRange(pixels, index * 3072, (index + 1) * 3072);
  }

  private static byte[] expectedImage(int file, int record) {
    byte[] image = new byte[3072];
    for (int p = 0; p < 3072; p++) {
      image[p] = SyntheticCifar.pixel(file, record, p);
    }
    return image;
  }

  @Test
  void loadsCifar10InFileOrder() {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR10, 3);
    CifarData data = CifarData.load(layout, dataDir, LabelGranularity.FINE);

    assertEquals(CifarVariant.CIFAR10, data.variant());
    assertEquals(15, data.train().size());
    assertEquals(3, data.test().size());
    assertEquals(SyntheticCifar.CIFAR10_NAMES, data.train().classNames());
    for (int file = 0; file < 5; file++) {
      for (int record = 0; record < 3; record++) {
        int index = file * 3 + record;
        assertEquals(
            SyntheticCifar.label(CifarVariant.CIFAR10, file, record), data.train().labels()[index]);
        assertArrayEquals(expectedImage(file, record), image(data.train().pixels(), index));
      }
    }
    assertArrayEquals(expectedImage(5, 2), image(data.test().pixels(), 2));
  }

  @Test
  void cifar10WithoutBatchesMetaUsesTheFixedNames() throws IOException {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR10, 1);
    Files.delete(dataDir.resolve("cifar-10-batches-bin/batches.meta.txt"));
    assertEquals(
        CifarLayout.CIFAR10_CLASS_NAMES,
        CifarData.load(layout, dataDir, LabelGranularity.FINE).test().classNames());
  }

  @Test
  void loadsCifar100FineOrCoarse() {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR100, 4);
    CifarData fine = CifarData.load(layout, dataDir, LabelGranularity.FINE);
    CifarData coarse = CifarData.load(layout, dataDir, LabelGranularity.COARSE);

    assertEquals(100, fine.train().numClasses());
    assertEquals(20, coarse.train().numClasses());
    assertEquals(SyntheticCifar.COARSE_NAMES, coarse.test().classNames());
    for (int record = 0; record < 4; record++) {
      int label = SyntheticCifar.label(CifarVariant.CIFAR100, 0, record);
      assertEquals(label, fine.train().labels()[record]);
      assertEquals(SyntheticCifar.coarseOf(label), coarse.train().labels()[record]);
      assertArrayEquals(expectedImage(0, record), image(coarse.train().pixels(), record));
    }
    assertEquals(SyntheticCifar.label(CifarVariant.CIFAR100, 1, 3), fine.test().labels()[3]);
  }

  @Test
  void cifar10HasNoCoarseLabels() {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR10, 1);
    assertEquals(
        "CIFAR-10 has no coarse labels (data directory " + dataDir + "; see kflo data verify)",
        assertThrows(
                DatasetException.class,
                () -> CifarData.load(layout, dataDir, LabelGranularity.COARSE))
            .getMessage());
  }

  @Test
  void absentDataSaysWhatToRun() {
    DatasetException e =
        assertThrows(DatasetException.class, () -> CifarData.load(CifarVariant.CIFAR100, dataDir));
    assertEquals(
        "CIFAR-100 is not in the data directory "
            + dataDir
            + " (no cifar-100-binary/); run: kflo data fetch cifar100 --data-dir "
            + dataDir,
        e.getMessage());
  }

  @Test
  void aDamagedFileIsNamed() throws IOException {
    CifarLayout layout = SyntheticCifar.write(dataDir, CifarVariant.CIFAR10, 2);
    Files.delete(dataDir.resolve("cifar-10-batches-bin/data_batch_3.bin"));
    assertEquals(
        "cifar-10-batches-bin/data_batch_3.bin: file is missing (data directory "
            + dataDir
            + "; see kflo data verify)",
        assertThrows(
                DatasetException.class,
                () -> CifarData.load(layout, dataDir, LabelGranularity.FINE))
            .getMessage());
  }
}
