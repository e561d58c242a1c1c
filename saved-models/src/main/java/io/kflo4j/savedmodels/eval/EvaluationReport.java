package io.kflo4j.savedmodels.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.common.json.Json;
import io.kflo4j.savedmodels.Evaluation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes an evaluation into a directory: {@value #SUMMARY} (top-1, top-5, counts, model, data set),
 * {@value #PER_CLASS} ({@code class,name,images,correct,accuracy}), {@value #CONFUSION_CSV} (a
 * header row of predicted class names, then one row per true class: its name and the counts) and
 * {@value #CONFUSION_PNG} (the heat map of {@link ConfusionMatrixImage}). The directory is written
 * as a whole, atomically; {@link EvaluationTarget} says which directories it may replace.
 */
public final class EvaluationReport {
  /** Summary file. */
  public static final String SUMMARY = "evaluation.json";

  /** Per-class accuracy file. */
  public static final String PER_CLASS = "per_class_accuracy.csv";

  /** Confusion matrix counts. */
  public static final String CONFUSION_CSV = "confusion_matrix.csv";

  /** Confusion matrix heat map. */
  public static final String CONFUSION_PNG = "confusion_matrix.png";

  private EvaluationReport() {}

  /**
   * Writes the four files into {@code directory}, all or nothing: into a new directory that then
   * replaces {@code directory} ({@link AtomicFiles#replaceDirectory}), so an interrupted write
   * never leaves a partial report.
   *
   * @param model names the model (e.g. its directory)
   * @param dataset names the images (e.g. {@code cifar10 test set})
   * @return the files written
   */
  public static List<Path> write(
      Evaluation evaluation, Path directory, String model, String dataset) throws IOException {
    Path target = directory.toAbsolutePath().normalize();
    Files.createDirectories(target.getParent());
    AtomicFiles.replaceDirectory(
        target, staging -> writeFiles(evaluation, staging, model, dataset));
    return List.of(
        target.resolve(SUMMARY),
        target.resolve(PER_CLASS),
        target.resolve(CONFUSION_CSV),
        target.resolve(CONFUSION_PNG));
  }

  private static void writeFiles(
      Evaluation evaluation, Path directory, String model, String dataset) throws IOException {
    JsonObject summary = new JsonObject();
    summary.addProperty("model", model);
    summary.addProperty("dataset", dataset);
    summary.addProperty("images", evaluation.images());
    summary.addProperty("top1", evaluation.top1());
    summary.addProperty("top5", evaluation.top5());
    summary.addProperty("top1Hits", evaluation.top1Hits());
    summary.addProperty("top5Hits", evaluation.top5Hits());
    JsonArray perClass = new JsonArray();
    double[] accuracy = evaluation.perClassAccuracy();
    for (double a : accuracy) {
      perClass.add(Double.isNaN(a) ? null : a);
    }
    summary.add("perClassAccuracy", perClass);
    Files.writeString(directory.resolve(SUMMARY), Json.write(summary) + "\n");
    Files.writeString(directory.resolve(PER_CLASS), perClassCsv(evaluation));
    Files.writeString(directory.resolve(CONFUSION_CSV), confusionCsv(evaluation));
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(
        ConfusionMatrixImage.render(
            evaluation, ConfusionMatrixImage.title(model + " on " + dataset, evaluation)),
        "png",
        png);
    Files.write(directory.resolve(CONFUSION_PNG), png.toByteArray());
  }

  /** {@code class,name,images,correct,accuracy} rows. */
  public static String perClassCsv(Evaluation evaluation) {
    StringBuilder csv = new StringBuilder("class,name,images,correct,accuracy\n");
    long[][] confusion = evaluation.confusion();
    long[] counts = evaluation.classCounts();
    double[] accuracy = evaluation.perClassAccuracy();
    for (int c = 0; c < counts.length; c++) {
      csv.append(c)
          .append(',')
          .append(quote(evaluation.classNames().get(c)))
          .append(',')
          .append(counts[c])
          .append(',')
          .append(confusion[c][c])
          .append(',')
          .append(Double.isNaN(accuracy[c]) ? "" : String.format(Locale.ROOT, "%.6f", accuracy[c]))
          .append('\n');
    }
    return csv.toString();
  }

  /** The confusion matrix: header {@code true\predicted,<names>}, then one row per true class. */
  public static String confusionCsv(Evaluation evaluation) {
    StringBuilder csv = new StringBuilder("true\\predicted");
    for (String name : evaluation.classNames()) {
      csv.append(',').append(quote(name));
    }
    csv.append('\n');
    long[][] confusion = evaluation.confusion();
    for (int t = 0; t < confusion.length; t++) {
      csv.append(quote(evaluation.classNames().get(t)));
      for (long count : confusion[t]) {
        csv.append(',').append(count);
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  private static String quote(String field) {
    if (field.contains(",") || field.contains("\"") || field.contains("\n")) {
      return '"' + field.replace("\"", "\"\"") + '"';
    }
    return field;
  }
}
