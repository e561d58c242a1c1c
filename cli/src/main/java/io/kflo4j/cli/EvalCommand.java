package io.kflo4j.cli;

import static io.kflo4j.experiments.grid.KfloArguments.DATASET;
import static io.kflo4j.experiments.grid.KfloArguments.EVAL;
import static io.kflo4j.experiments.grid.KfloArguments.MODEL;
import static io.kflo4j.experiments.grid.KfloArguments.OUT;

import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.datasets.DatasetSpec;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.savedmodels.Evaluation;
import io.kflo4j.savedmodels.InferenceModel;
import io.kflo4j.savedmodels.eval.EnsembleEvaluation;
import io.kflo4j.savedmodels.eval.EvaluationReport;
import io.kflo4j.savedmodels.eval.EvaluationTarget;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kflo eval}: accuracy of an exported model on a test set or a folder of images. */
@Command(
    name = EVAL,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Evaluate an exported model (SavedModel, or ONNX run by ONNX Runtime) on a data set's test images, or on every image of a folder: top-1, "
          + "top-5, per-class accuracy and the confusion matrix, written as evaluation.json, per_class_accuracy.csv, "
          + "confusion_matrix.csv and confusion_matrix.png.",
      "A folder's class sub-folders must be the model's classes (names and number).",
      "Several models (--model A,B,...) are evaluated as an ensemble: their class probabilities"
          + " averaged."
    })
final class EvalCommand implements Callable<Integer> {
  private static final int LISTED_CLASSES = 20;

  @Option(
      names = MODEL,
      required = true,
      split = ",",
      paramLabel = "MODEL",
      description =
          "the exported SavedModel directory or ONNX file (model.onnx), or several (an ensemble)")
  List<Path> models;

  @Option(
      names = DATASET,
      required = true,
      paramLabel = "DATASET",
      converter = DatasetSpecConverter.class,
      description = "cifar10 or cifar100 (its test set), or folder:PATH (every image in it)")
  DatasetSpec dataset;

  @Option(
      names = OUT,
      paramLabel = "DIR",
      description =
          "where to write the results (default: "
              + "<model>-eval-<dataset>, or <model>-eval-folder-<name>, next to the model)")
  Path out;

  @Option(
      names = "--force",
      description =
          "replace --out even if it is not an earlier evaluation report (never a directory that"
              + " holds a model or a training run)")
  boolean force;

  @Mixin DataDirOption dataDir;

  @Mixin TrustOption trust;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true");
    PrintWriter writer = spec.commandLine().getOut();
    List<InferenceModel> loaded = new ArrayList<>();
    try {
      for (Path model : models) {
        loaded.add(InferenceModel.load(model, trust.trust()));
      }
      InferenceModel exported = loaded.get(0);
      String name =
          loaded.size() == 1 ? exported.name() : exported.name() + "-ensemble" + loaded.size();
      Path location = exported.location();
      Path exportDirectory = Files.isDirectory(location) ? location : location.getParent();
      Path target =
          out != null ? out : exportDirectory.resolveSibling(name + "-eval-" + dataset.label());
      for (InferenceModel model : loaded) {
        EvaluationTarget.check(target, model.location(), force);
        model.checkClassCount();
      }
      ImageSet images =
          dataset.load(dataDir.resolve(), ProgressReporters.auto()).evaluationImages();
      Evaluation evaluation =
          loaded.size() == 1
              ? exported.evaluate(images, ProgressReporters.auto())
              : EnsembleEvaluation.evaluate(loaded, images, ProgressReporters.auto());
      List<Path> files =
          EvaluationReport.write(evaluation, target, name, dataset.evaluationSetName());
      writer.printf(
          "%s on the %s: %s%n",
          loaded.size() == 1
              ? exported.location()
              : "the ensemble of "
                  + loaded.stream().map(InferenceModel::location).toList()
                  + " (probabilities averaged)",
          dataset.evaluationSetName(),
          evaluation);
      printClasses(writer, evaluation);
      writer.println(
          "wrote "
              + files.stream().map(p -> p.getFileName().toString()).toList()
              + " to "
              + target);
    } finally {
      loaded.forEach(InferenceModel::close);
    }
    writer.flush();
    return 0;
  }

  private static void printClasses(PrintWriter writer, Evaluation evaluation) {
    double[] accuracy = evaluation.perClassAccuracy();
    List<Integer> classes = new ArrayList<>(IntStream.range(0, accuracy.length).boxed().toList());
    if (classes.size() > LISTED_CLASSES) {
      classes.sort(Comparator.comparingDouble(c -> accuracy[c]));
      writer.printf("lowest and highest per-class accuracy (of %d classes):%n", classes.size());
      List<Integer> shown = new ArrayList<>(classes.subList(0, 5));
      shown.addAll(classes.subList(classes.size() - 5, classes.size()));
      classes = shown;
    } else {
      writer.println("per-class accuracy:");
    }
    for (int c : classes) {
      writer.printf("  %-16s %6.2f%%%n", evaluation.classNames().get(c), 100 * accuracy[c]);
    }
  }
}
