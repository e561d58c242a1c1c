package io.kflo4j.cli;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.datasets.DatasetSpec;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.experiments.bench.InferenceBenchmark;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kflo bench infer}: inference throughput of an exported model against the graphs it came
 * from.
 */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure inference images/s of (a) the exported SavedModel (and (a') with --fold-bn), (d) its"
          + " model.onnx in ONNX Runtime (and (d') folded), (b) the "
          + "uncollapsed training-parameterization graph (inference path) and (c) the plain architecture's graph, "
          + "interleaved in one process after warm-up; reports medians over the rounds, their ratios, and the"
          + " median and 99th-percentile latency of one image.",
      "Needs no trained run: a randomly initialized model is exported to a temporary directory."
    })
final class BenchInferCommand implements Callable<Integer> {
  @Option(names = "--arch", defaultValue = "cifar-quick", description = "default: ${DEFAULT-VALUE}")
  String arch;

  @Option(
      names = "--reparam",
      defaultValue = "kflo:2x4",
      description =
          "the uncollapsed model's: " + "${sys:kflo.parameterizations} (default: ${DEFAULT-VALUE})")
  String reparam;

  @Option(names = "--classes", defaultValue = "10", description = "default: ${DEFAULT-VALUE}")
  int classes;

  @Option(
      names = "--batch",
      split = ",",
      defaultValue = "1,256",
      description = "batch sizes (default: " + "${DEFAULT-VALUE})")
  List<Integer> batches;

  @Option(
      names = "--rounds",
      defaultValue = "7",
      description = "measurement rounds (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--seconds",
      defaultValue = "1.0",
      description = "seconds per measurement (default: " + "${DEFAULT-VALUE})")
  double seconds;

  @Option(names = "--seed", defaultValue = "42", description = "default: ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--dataset",
      paramLabel = "DATASET",
      converter = DatasetSpecConverter.class,
      description =
          "measure on the first images of this data set's test set (cifar10, cifar100 or"
              + " folder:PATH) instead of random pixels")
  DatasetSpec dataset;

  @Mixin DataDirOption dataDir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    InferenceBenchmark.Config config =
        new InferenceBenchmark.Config(arch, reparam, classes, batches, rounds, seconds, seed);
    out.printf(
        "inference benchmark: %s, %s vs its export, batches %s, %d rounds of ~%.1f s%n",
        arch, reparam, batches, rounds, seconds);
    out.println("machine: " + BenchMachine.describe());
    out.println("date: " + LocalDate.now());
    ImageSet images = null;
    if (dataset != null) {
      images = dataset.load(dataDir.resolve(), ProgressReporters.auto()).evaluationImages();
      out.println("images: the first of the " + dataset.evaluationSetName());
    } else {
      out.println("images: random pixels");
    }
    out.flush();
    Path work = Files.createTempDirectory("kflo-bench-infer-");
    try {
      InferenceBenchmark.Result result =
          InferenceBenchmark.run(
              config,
              images,
              work,
              line -> {
                out.println("  " + line);
                out.flush();
              });
      out.println();
      out.print(result.table());
      for (int batch : batches) {
        out.printf(
            Locale.ROOT,
            "batch %d: ONNX Runtime / SavedModel %.2f, folded %.2f%n",
            batch,
            result.ratio(InferenceBenchmark.ONNX, InferenceBenchmark.EXPORTED, batch),
            result.ratio(
                InferenceBenchmark.ONNX_FOLDED, InferenceBenchmark.EXPORTED_FOLDED, batch));
        for (String exported :
            List.of(InferenceBenchmark.EXPORTED, InferenceBenchmark.EXPORTED_FOLDED)) {
          double vsPlain = result.ratio(exported, InferenceBenchmark.PLAIN_GRAPH, batch);
          double vsUncollapsed = result.ratio(exported, InferenceBenchmark.TRAINING_GRAPH, batch);
          out.printf(
              Locale.ROOT,
              "batch %d, %s: vs plain graph %.3f (target >= 0.98: %s), vs uncollapsed %.3f "
                  + "(target >= 1.2: %s)%n",
              batch,
              exported,
              vsPlain,
              vsPlain >= 0.98 ? "met" : "NOT met",
              vsUncollapsed,
              vsUncollapsed >= 1.2 ? "met" : "NOT met");
        }
      }
    } finally {
      AtomicFiles.deleteRecursively(work);
    }
    out.flush();
    return 0;
  }
}
