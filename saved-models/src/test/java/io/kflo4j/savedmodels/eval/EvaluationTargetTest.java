package io.kflo4j.savedmodels.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.savedmodels.core.SavedModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which directories an evaluation report may replace: checked before the evaluation, so nothing the
 * user did not name is deleted.
 */
class EvaluationTargetTest {
  @TempDir Path tmp;

  private Path model;

  @BeforeEach
  void model() throws IOException {
    model = Files.createDirectories(tmp.resolve("models/m"));
    Files.writeString(model.resolve("saved_model.pb"), "a model");
  }

  /** A new directory {@code tmp/name} holding the given files. */
  private Path directory(String name, String... files) throws IOException {
    Path directory = Files.createDirectories(tmp.resolve(name));
    for (String file : files) {
      Files.writeString(directory.resolve(file), "x");
    }
    return directory;
  }

  private String refusal(Path target, boolean force) {
    return assertThrows(
            SavedModelException.class, () -> EvaluationTarget.check(target, model, force))
        .getMessage();
  }

  @Test
  void aNewAnEmptyOrAnEarlierReportDirectoryIsTaken() throws IOException {
    EvaluationTarget.check(tmp.resolve("new/report"), model, false);
    EvaluationTarget.check(Files.createDirectories(tmp.resolve("empty")), model, false);
    Path earlier =
        directory(
            "earlier",
            "evaluation.json",
            "per_class_accuracy.csv",
            "confusion_matrix.csv",
            "confusion_matrix.png",
            ".complete");
    EvaluationTarget.check(earlier, model, false);
  }

  @Test
  void anotherNonEmptyDirectoryNeedsForce() throws IOException {
    Path mine = directory("mine", "evaluation.json", "notes.txt");
    assertEquals(
        "cannot write the evaluation to "
            + mine
            + ": it is not empty and not an earlier evaluation report (--force replaces it)",
        refusal(mine, false));
    EvaluationTarget.check(mine, model, true);
  }

  @Test
  void neverTheModelNorADirectoryAboveIt() {
    assertEquals(
        "cannot write the evaluation to " + model + ": it is the model evaluated",
        refusal(model, true));
    assertEquals(
        "cannot write the evaluation to "
            + model.getParent()
            + ": it holds the model evaluated "
            + model,
        refusal(model.getParent(), true));
    assertEquals(
        "cannot write the evaluation to " + tmp + ": it holds the model evaluated " + model,
        refusal(model.resolve("../.."), true));
  }

  @Test
  void neverADirectoryHoldingARunOrAModelEvenWithForce() throws IOException {
    Path run = directory("runs/a", "config.json", "metrics.csv");
    Path runs = run.getParent();
    assertEquals(
        "cannot write the evaluation to " + run + ": it holds the training run " + run,
        refusal(run, true));
    assertEquals(
        "cannot write the evaluation to " + runs + ": it holds the training run " + run,
        refusal(runs, true));
    Path other = directory("exports/other", "saved_model.pb");
    assertEquals(
        "cannot write the evaluation to "
            + other.getParent()
            + ": it holds the SavedModel "
            + other,
        refusal(other.getParent(), true));
  }

  @Test
  void neverTheCurrentDirectory() {
    Path here = Path.of("").toAbsolutePath();
    assertEquals(
        "cannot write the evaluation to "
            + here
            + ": it is the current directory or holds it; name a directory of its own",
        refusal(Path.of("."), true));
  }
}
