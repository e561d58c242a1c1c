package io.kflo4j.savedmodels.eval;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.common.files.OutputDirectories;
import io.kflo4j.savedmodels.ReplacedDirectories;
import io.kflo4j.savedmodels.core.SavedModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where {@code kflo eval} may write its report ({@link EvaluationReport} replaces the directory as
 * a whole): a new or empty directory, or an earlier evaluation report; another non-empty directory
 * only when forced, and never one that is or holds a training run or a SavedModel (the model
 * evaluated above all), nor the current directory or one above it. Checked before the evaluation.
 */
public final class EvaluationTarget {
  /** What a report directory holds. */
  private static final Set<String> REPORT_FILES =
      Set.of(
          EvaluationReport.SUMMARY,
          EvaluationReport.PER_CLASS,
          EvaluationReport.CONFUSION_CSV,
          EvaluationReport.CONFUSION_PNG,
          AtomicFiles.COMPLETE_MARKER);

  private static final String PURPOSE = "write the evaluation to";

  private EvaluationTarget() {}

  /**
   * Checks that the report of {@code model}'s evaluation may replace {@code directory}.
   *
   * @param force whether a non-empty directory that is not an earlier report may be replaced
   * @throws SavedModelException or {@link IllegalArgumentException}, naming the directory and why
   */
  public static void check(Path directory, Path model, boolean force) {
    Path absolute = directory.toAbsolutePath().normalize();
    ReplacedDirectories.checkNotHolding(absolute, PURPOSE, Map.of(model, "the model evaluated"));
    OutputDirectories.checkWritable(absolute, PURPOSE + " " + absolute);
    if (!Files.exists(absolute)
        || ReplacedDirectories.isEmptyDirectory(absolute)
        || isReport(absolute)) {
      return;
    }
    if (!force) {
      throw new SavedModelException(
          "cannot "
              + PURPOSE
              + " "
              + absolute
              + ": it is not empty and not an earlier evaluation report (--force replaces it)");
    }
    ReplacedDirectories.checkHoldsNoRunOrModel(absolute, PURPOSE);
  }

  /** Whether {@code directory} holds an evaluation report and nothing else. */
  static boolean isReport(Path directory) {
    if (!Files.isRegularFile(directory.resolve(EvaluationReport.SUMMARY))) {
      return false;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.allMatch(
          entry ->
              Files.isRegularFile(entry) && REPORT_FILES.contains(entry.getFileName().toString()));
    } catch (IOException e) {
      return false;
    }
  }
}
