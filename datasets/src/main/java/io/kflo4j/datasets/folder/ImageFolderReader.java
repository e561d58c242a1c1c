package io.kflo4j.datasets.folder;

import com.google.common.base.Throwables;
import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.kflo4j.common.progress.TaskProgress;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.datasets.image.ImageDecoder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads a folder data set ({@link ImageFolderLayout}: one sub-folder of PNG or JPEG images per
 * class) into an in-memory {@link ImageSet}. Every image is decoded once by {@link ImageDecoder}
 * (its header checked against the pixel limit before decoding, then resized to 32x32), on several
 * threads; the result is in class order then file-name order whatever the thread timing.
 *
 * <p><b>Unreadable images are skipped and counted, never fatal</b>: a damaged file, a file that is
 * not really PNG or JPEG, or an image over the pixel limit is left out, logged as a warning naming
 * the file and the reason, and listed in {@link ImageFolder#skipped()}. A class left without any
 * readable image is an error.
 *
 * <p>Build one with {@link #builder()}; a reader can be used for any number of folders.
 */
public final class ImageFolderReader {
  /** Skipped files logged one by one at WARN; the rest at DEBUG. */
  static final int SKIPPED_WARNINGS = 20;

  private static final Logger LOG = LogManager.getLogger(ImageFolderReader.class);

  private final long maxPixels;
  private final int threads;
  private final TaskProgress progress;

  private ImageFolderReader(Builder builder) {
    this.maxPixels = builder.maxPixels;
    this.threads = builder.threads;
    this.progress = builder.progress;
  }

  /**
   * A builder with the defaults: {@link ImageDecoder#MAX_PIXELS_DEFAULT}, one thread per CPU, no
   * progress.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads every image of the folder data set at {@code root}.
   *
   * @throws DatasetException with one line naming the folder and what was expected when the layout
   *     is wrong (see {@link ImageFolderLayout#scan}) or a class has no readable image
   */
  public ImageFolder read(Path root) {
    ImageFolderLayout layout = ImageFolderLayout.scan(root);
    List<Path> files = new ArrayList<>(layout.imageCount());
    int[] labels = new int[layout.imageCount()];
    for (int c = 0; c < layout.classes().size(); c++) {
      for (Path file : layout.classes().get(c).images()) {
        labels[files.size()] = c;
        files.add(file);
      }
    }
    long start = System.nanoTime();
    byte[] pixels = new byte[Math.multiplyExact(files.size(), ImageSet.IMAGE_BYTES)];
    List<Optional<String>> failures = decodeAll(layout.root(), files, pixels);

    List<SkippedImage> skipped = new ArrayList<>();
    int[] kept = new int[files.size()];
    int keptCount = 0;
    int[] readablePerClass = new int[layout.classes().size()];
    for (int i = 0; i < files.size(); i++) {
      if (failures.get(i).isPresent()) {
        skipped.add(new SkippedImage(files.get(i), failures.get(i).get()));
      } else {
        kept[keptCount++] = i;
        readablePerClass[labels[i]]++;
      }
    }
    logSkipped(skipped);
    for (int c = 0; c < readablePerClass.length; c++) {
      if (readablePerClass[c] == 0) {
        ImageFolderLayout.ClassFolder folder = layout.classes().get(c);
        throw new DatasetException(
            folder.directory()
                + ": none of its "
                + folder.images().size()
                + " image files"
                + " could be read (logged above); expected at least one readable PNG or JPEG image in every class "
                + "folder");
      }
    }
    ImageSet all = ImageSet.of(pixels, labels, layout.classNames());
    ImageSet images = skipped.isEmpty() ? all : all.subset(Arrays.copyOf(kept, keptCount));
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info(
        String.format(
            Locale.ROOT,
            "read %d images of %d classes from %s in %.1f s (%.0f images/s); "
                + "unreadable images skipped: %d; other files ignored: %d",
            images.size(),
            images.numClasses(),
            layout.root(),
            seconds,
            files.size() / Math.max(seconds, 1e-9),
            skipped.size(),
            layout.ignoredFiles()));
    return new ImageFolder(layout.root(), images, skipped, layout.ignoredFiles());
  }

  /**
   * Decodes {@code files} into their slots of {@code pixels}; the reason for each file that failed.
   */
  private List<Optional<String>> decodeAll(Path root, List<Path> files, byte[] pixels) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(threads, files.size())),
            new ThreadFactoryBuilder()
                .setNameFormat("kflo-image-reader-%d")
                .setDaemon(true)
                .build());
    List<Optional<String>> failures = new ArrayList<>(files.size());
    progress.start("reading " + root, files.size(), "images");
    try {
      List<Future<Optional<String>>> results = new ArrayList<>(files.size());
      for (int i = 0; i < files.size(); i++) {
        Path file = files.get(i);
        int offset = i * ImageSet.IMAGE_BYTES;
        results.add(pool.submit(() -> decodeInto(file, pixels, offset)));
      }
      for (Future<Optional<String>> result : results) {
        failures.add(await(result, root));
        progress.step(1);
      }
    } finally {
      pool.shutdownNow();
      progress.finish();
    }
    return failures;
  }

  private Optional<String> decodeInto(Path file, byte[] pixels, int offset) {
    try {
      ImageDecoder.read(file, maxPixels).writePlanar(pixels, offset);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of(
          e.getMessage() == null ? "cannot read image " + file + ": " + e : e.getMessage());
    }
  }

  private static Optional<String> await(Future<Optional<String>> result, Path root) {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException("interrupted while reading " + root, e);
    } catch (ExecutionException e) {
      Throwables.throwIfUnchecked(e.getCause());
      throw new DatasetException("cannot read " + root + ": " + e.getCause(), e.getCause());
    }
  }

  private static void logSkipped(List<SkippedImage> skipped) {
    for (int i = 0; i < skipped.size(); i++) {
      if (i < SKIPPED_WARNINGS) {
        LOG.warn("skipped: {}", skipped.get(i).reason());
      } else {
        LOG.debug("skipped: {}", skipped.get(i).reason());
      }
    }
    if (skipped.size() > SKIPPED_WARNINGS) {
      LOG.warn(
          "skipped {} more unreadable images (KFLO_LOG_LEVEL=DEBUG lists them)",
          skipped.size() - SKIPPED_WARNINGS);
    }
  }

  /**
   * Builds an {@link ImageFolderReader}; every setting is optional and checked by {@link #build()}.
   */
  public static final class Builder {
    private long maxPixels = ImageDecoder.MAX_PIXELS_DEFAULT;
    private int threads = Runtime.getRuntime().availableProcessors();
    private TaskProgress progress = TaskProgress.none();

    private Builder() {}

    /** Optional: the largest width x height decoded, {@code >= 1}; default 100 megapixels. */
    public Builder optMaxPixels(long maxPixels) {
      this.maxPixels = maxPixels;
      return this;
    }

    /** Optional: decoding threads, {@code >= 1}; default one per available CPU. */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Optional: where to report the images read; default nowhere. */
    public Builder optProgress(TaskProgress progress) {
      this.progress = progress;
      return this;
    }

    /**
     * Checks the settings and builds the reader.
     *
     * @throws IllegalArgumentException naming every invalid setting
     */
    public ImageFolderReader build() {
      List<String> errors = new ArrayList<>();
      if (maxPixels < 1) {
        errors.add("maxPixels must be >= 1, got " + maxPixels);
      }
      if (threads < 1) {
        errors.add("threads must be >= 1, got " + threads);
      }
      if (progress == null) {
        errors.add("progress must not be null (default TaskProgress.none())");
      }
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", errors));
      }
      return new ImageFolderReader(this);
    }
  }
}
