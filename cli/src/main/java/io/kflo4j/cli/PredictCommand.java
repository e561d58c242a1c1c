package io.kflo4j.cli;

import io.kflo4j.savedmodels.Classification;
import io.kflo4j.savedmodels.InferenceModel;
import io.kflo4j.savedmodels.images.ImageFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kflo predict}: the most probable classes of image files. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Classify image files (PNG, JPEG, BMP, GIF) with an exported model and print the most probable "
          + "classes. Images that are not 32x32 are resized to 32x32 (a note says so).",
      "Exit status 1 if an image could not be read (the others are still classified)."
    })
final class PredictCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL",
      description = "the exported SavedModel directory or ONNX file (model.onnx)")
  Path model;

  @Option(
      names = "--top",
      defaultValue = "5",
      description = "classes to show per image (default: ${DEFAULT-VALUE})")
  int top;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "image files")
  List<Path> images;

  @Mixin TrustOption trust;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (top < 1) {
      throw new IllegalArgumentException(
          "--top must be >= 1 (the classes shown per image), got " + top);
    }
    System.setProperty("java.awt.headless", "true");
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int failures = 0;
    try (InferenceModel exported = InferenceModel.load(model, trust.trust())) {
      List<String> names = exported.metadata().classNames();
      for (Path file : images) {
        ImageFiles.LoadedImage image;
        try {
          image = ImageFiles.read(file);
        } catch (IOException e) {
          err.println("kflo: error: " + e.getMessage());
          failures++;
          continue;
        }
        Classification result = exported.classify(image.nhwc(), 1);
        out.println(
            file
                + (image.resized()
                    ? " (note: resized from "
                        + image.originalWidth()
                        + "x"
                        + image.originalHeight()
                        + " to 32x32)"
                    : "")
                + ":");
        int rank = 1;
        for (Classification.Prediction prediction : result.top(0, top)) {
          out.printf(
              "  %d. %-16s %6.2f%%%n",
              rank++, names.get(prediction.classIndex()), 100 * prediction.probability());
        }
      }
    }
    out.flush();
    err.flush();
    return failures == 0 ? 0 : 1;
  }
}
