package io.kflo4j.examples;

import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.savedmodels.Classification;
import io.kflo4j.savedmodels.ExportFormat;
import io.kflo4j.savedmodels.ExportReport;
import io.kflo4j.savedmodels.InferenceModel;
import io.kflo4j.savedmodels.images.ImageFiles;
import io.kflo4j.savedmodels.onnx.OnnxFormat;
import io.kflo4j.savedmodels.trust.ModelTrust;
import io.kflo4j.training.Training;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.transfer.run.RunExport;
import io.kflo4j.transfer.run.RunExports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * kflo4j from Java, end to end (the README's "Use it from Java"): train a KFLO network on a folder
 * of your images (one sub-folder per class), export it collapsed as a SavedModel and as ONNX, load
 * the ONNX model and classify an image.
 *
 * <p>{@code java ... io.kflo4j.examples.ClassifyYourImages IMAGES_DIR OUT_DIR IMAGE [EPOCHS]}
 */
public final class ClassifyYourImages {
  private ClassifyYourImages() {}

  /**
   * Trains, exports and classifies; prints the top classes of {@code args[2]}.
   *
   * @param args the image folder, an output directory, an image to classify, optionally epochs
   * @throws IOException if the folder, the run or the image cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    List<Classification.Prediction> top =
        trainExportAndClassify(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), epochs);
    top.forEach(p -> System.out.println(p.classIndex() + " " + p.probability()));
  }

  /**
   * The example's steps; returns the image's three most probable classes.
   *
   * @param images a folder with one sub-folder of images per class
   * @param out where the run ({@code out/run}) and the export ({@code out/model}) go
   * @param image the image to classify (any size: it is resized to 32x32)
   * @param epochs training epochs
   * @throws IOException if a file cannot be read or written
   */
  public static List<Classification.Prediction> trainExportAndClassify(
      Path images, Path out, Path image, int epochs) throws IOException {
    // 1. Train: Cifar-quick with KFLO kernels (kflo:2x4), on your folder (a fifth held out).
    TrainConfig config =
        TrainConfig.builder()
            .data(d -> d.dataset("folder:" + images))
            .model(m -> m.arch("cifar-quick").reparam("kflo:2x4"))
            .schedule(s -> s.epochs(epochs))
            .optimizer(o -> o.batchSize(16))
            .run(r -> r.outDir(out).runName("run").seed(1))
            .build();
    RunSummary summary = Training.train(config);
    System.out.println("trained: " + summary);

    // 2. Export: every KFLO kernel collapsed into a plain conv, batch norms folded, written as a
    //    SavedModel with model.onnx inside, each verified against the trained network.
    Path model = out.resolve("model");
    ExportReport report =
        RunExports.export(
            RunExport.of(out.resolve("run"), model)
                .withFormat(ExportFormat.BOTH)
                .withFoldBatchNorm(true)
                .withProgress(ProgressReporters.none()));
    System.out.print(report.format());

    // 3. Load the ONNX model (ONNX Runtime; the SavedModel directory loads the same way) and
    //    classify an image: raw RGB bytes in, the normalization is inside the model.
    try (InferenceModel onnx =
        InferenceModel.load(model.resolve(OnnxFormat.MODEL_FILE), ModelTrust.CHECKED)) {
      byte[] pixels = ImageFiles.read(image).nhwc();
      Classification result = onnx.classify(pixels, 1);
      List<String> classes = onnx.metadata().classNames();
      List<Classification.Prediction> top = result.top(0, 3);
      top.forEach(
          p ->
              System.out.printf(
                  "%-12s %5.1f%%%n", classes.get(p.classIndex()), 100 * p.probability()));
      return top;
    }
  }
}
