package io.kflo4j.cli;

import io.kflo4j.datasets.CifarData;
import io.kflo4j.datasets.batch.Augmentation;
import io.kflo4j.datasets.batch.Batch;
import io.kflo4j.datasets.batch.BatchIterator;
import io.kflo4j.datasets.batch.BatchStream;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.experiments.bench.Statistics;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kflo bench data}: how many images per second the data pipeline (bytes to normalized,
 * augmented NHWC float batches, on its one producer thread) delivers, on synthetic images or a real
 * data set.
 */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the data pipeline: decode bytes to floats, augment (pad 4, random crop, flip), normalize and batch, "
          + "on one background thread, consumed as fast as possible.",
      "Reports wall-clock images/s and images per process CPU-second (everything the JVM did, GC and JIT "
          + "included). Run under 'taskset -c 0' to confine it to one core."
    })
public final class BenchDataCommand implements Callable<Integer> {
  private static final double REQUIRED_IMAGES_PER_SECOND = 10_000;

  @Option(
      names = "--dataset",
      paramLabel = "DATASET",
      converter = DataVariantConverter.class,
      description = "cifar10 or cifar100: use its training set (default: synthetic random images)")
  CifarVariant dataset;

  @Mixin DataDirOption dataDir;

  @Option(
      names = "--images",
      defaultValue = "50000",
      description = "synthetic images (default: ${DEFAULT-VALUE})")
  int images;

  @Option(names = "--batch-size", defaultValue = "128", description = "default: ${DEFAULT-VALUE}")
  int batchSize;

  @Option(
      names = "--epochs",
      defaultValue = "3",
      description = "measured epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--warmup",
      defaultValue = "1",
      description = "warm-up epochs, not measured (default: " + "${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--prefetch",
      defaultValue = "4",
      description = "prefetch depth (default: ${DEFAULT-VALUE})")
  int prefetch;

  @Option(names = "--no-augment", description = "normalize only, like evaluation")
  boolean noAugment;

  @Option(names = "--seed", defaultValue = "1", description = "default: ${DEFAULT-VALUE}")
  long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ImageSet set = imageSet(out);
    Augmentation augmentation = noAugment ? Augmentation.none() : Augmentation.standard();
    BatchStream stream =
        BatchStream.builder(set)
            .batchSize(batchSize)
            .seed(seed)
            .augmentation(augmentation)
            .normalization(Normalization.standard())
            .prefetch(prefetch)
            .build();
    out.printf(
        "data pipeline: %d images, batch %d, %s, %s, prefetch %d, 1 producer thread%n",
        set.size(), batchSize, augmentation, Normalization.standard(), prefetch);
    out.println("machine: " + BenchMachine.describe());
    for (int epoch = 0; epoch < warmup; epoch++) {
      Measurement m = measure(stream, epoch);
      out.printf("warm-up epoch %d: %,.0f images/s%n", epoch, m.imagesPerSecond());
    }
    double[] wall = new double[epochs];
    double[] cpu = new double[epochs];
    for (int i = 0; i < epochs; i++) {
      Measurement m = measure(stream, warmup + i);
      wall[i] = m.imagesPerSecond();
      cpu[i] = m.imagesPerCpuSecond();
      out.printf(
          "epoch %d: %,d images in %.2f s: %,.0f images/s; %,.0f images per CPU-second%n",
          warmup + i, m.images(), m.seconds(), wall[i], cpu[i]);
    }
    if (epochs > 0) {
      double medianWall = Statistics.median(wall);
      out.printf(
          "result: median %,.0f images/s (wall), %,.0f images per CPU-second; required %,.0f: %s%n",
          medianWall,
          Statistics.median(cpu),
          REQUIRED_IMAGES_PER_SECOND,
          Statistics.median(cpu) >= REQUIRED_IMAGES_PER_SECOND ? "met" : "NOT met");
    }
    out.flush();
    return 0;
  }

  private ImageSet imageSet(PrintWriter out) {
    if (dataset == null) {
      return ImageSet.random(images, 10, seed);
    }
    long start = System.nanoTime();
    ImageSet train = CifarData.load(dataset, dataDir.resolve()).train();
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        "loaded %s training set: %,d images from the binary files in %.2f s (%,.0f images/s)%n",
        dataset.displayName(), train.size(), seconds, train.size() / seconds);
    return train;
  }

  private static Measurement measure(BatchStream stream, int epoch) {
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    int count = 0;
    float checksum = 0;
    try (BatchIterator batches = stream.openEpoch(epoch)) {
      while (batches.hasNext()) {
        Batch batch = batches.next();
        count += batch.size();
        checksum += batch.images()[batch.images().length - 1];
      }
    }
    long nanos = System.nanoTime() - start;
    long cpuNanos = processCpuNanos() - cpuStart;
    if (Float.isNaN(checksum)) {
      throw new IllegalStateException("NaN in a batch");
    }
    return new Measurement(count, nanos / 1e9, cpuNanos / 1e9);
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** One measured epoch. */
  private record Measurement(int images, double seconds, double cpuSeconds) {
    double imagesPerSecond() {
      return images / seconds;
    }

    double imagesPerCpuSecond() {
      return cpuSeconds > 0 ? images / cpuSeconds : Double.NaN;
    }
  }
}
