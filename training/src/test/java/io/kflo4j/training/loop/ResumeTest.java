package io.kflo4j.training.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.training.Training;
import io.kflo4j.training.checkpoint.TrainedModel;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.CrashAtEpoch.SimulatedCrash;
import io.kflo4j.training.metrics.EpochMetrics;
import io.kflo4j.training.metrics.MetricsLog;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.run.CheckpointState;
import io.kflo4j.training.run.RunInUseException;
import io.kflo4j.training.run.RunLock;
import io.kflo4j.training.run.RunState;
import io.kflo4j.training.testing.FileTrees;
import io.kflo4j.training.testing.LockHolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume works from whatever a crash or a user left on disk, in the directory given, or says what
 * is missing.
 */
class ResumeTest {
  private static final TrainingData DATA =
      new TrainingData(ImageSet.random(64, 10, 3), ImageSet.random(32, 10, 4), "test");
  private static final String DATA_FILE = "model.data-00000-of-00001";

  @TempDir static Path shared;

  private static Path oneEpoch;

  @TempDir Path tmp;

  private static TrainConfig config(Path outDir, String name, int epochs) {
    return TrainConfig.builder()
        .data(d -> d.dataset("cifar10"))
        .model(m -> m.arch("cifar-quick").reparam("plain"))
        .schedule(s -> s.epochs(epochs))
        .run(r -> r.seed(5).outDir(outDir).runName(name).threads(1))
        .optimizer(o -> o.batchSize(32))
        .build();
  }

  @BeforeAll
  static void train() throws IOException {
    Training.train(config(shared, "one", 1), DATA, WeightInitializer.fromSeed());
    oneEpoch = shared.resolve("one");
  }

  /** A copy of {@code run} in {@code tmp/runs/name}. */
  private Path copy(Path run, String name) {
    return FileTrees.copy(run, tmp.resolve("runs").resolve(name));
  }

  /**
   * A copy of the one-epoch run whose configuration asks for two epochs: a run stopped after epoch
   * 1.
   */
  private Path unfinished(Path outDir) throws IOException {
    Path run = FileTrees.copy(oneEpoch, outDir.resolve("run"));
    config(outDir, "run", 2).write(run.resolve("config.json"));
    return run;
  }

  @Test
  void aRunKilledBeforeItsFirstCheckpointStartsOver() throws IOException {
    Path run = copy(oneEpoch, "killed");
    List<EpochMetrics> before = MetricsLog.read(run.resolve("metrics.csv"));
    // Killed after epoch 1's metrics row (and summary), before its first checkpoint.
    AtomicFiles.deleteRecursively(run.resolve("checkpoint"));

    assertEquals(1, Training.resume(run, DATA).epochsDone());
    List<EpochMetrics> after = MetricsLog.read(run.resolve("metrics.csv"));
    assertEquals(1, after.size());
    assertEquals(before.get(0).trainLoss(), after.get(0).trainLoss());
    assertEquals(new CheckpointState(1, 2), CheckpointState.read(run.resolve("checkpoint")));
  }

  /**
   * A pipeline's step ({@code kflo transfer}, the quickstart) follows the same rule: a run killed
   * before its first checkpoint starts over from the step's own initial weights, a finished one is
   * not trained (its data are not even loaded), and a directory that holds no run is refused, not
   * cleared.
   */
  @Test
  void aPipelineStepStartsOverSkipsFinishedRunsAndLeavesOtherDirectoriesAlone() throws IOException {
    Path run = copy(oneEpoch, "step");
    List<EpochMetrics> before = MetricsLog.read(run.resolve("metrics.csv"));
    AtomicFiles.deleteRecursively(run.resolve("checkpoint"));
    TrainConfig config = config(run.getParent(), "step", 1);
    assertEquals(
        1,
        Training.ensureTrained(config, WeightInitializer.fromSeed(), c -> DATA, List.of())
            .epochsDone());
    assertEquals(
        before.get(0).trainLoss(), MetricsLog.read(run.resolve("metrics.csv")).get(0).trainLoss());

    Map<String, String> finished = FileTrees.snapshot(run);
    finished.remove(RunLock.FILE);
    assertEquals(
        1,
        Training.ensureTrained(
                config,
                WeightInitializer.fromSeed(),
                c -> {
                  throw new AssertionError("a finished run loads no data");
                },
                List.of())
            .epochsDone());
    Map<String, String> after = FileTrees.snapshot(run);
    after.remove(RunLock.FILE);
    assertEquals(finished, after);

    Path notes = Files.createDirectories(tmp.resolve("runs").resolve("notes"));
    Files.writeString(notes.resolve("todo.txt"), "not a run");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Training.ensureTrained(
                    config(notes.getParent(), "notes", 1),
                    WeightInitializer.fromSeed(),
                    c -> DATA,
                    List.of()));
    assertTrue(e.getMessage().contains("already exists and is not empty"), e.getMessage());
    assertEquals("not a run", Files.readString(notes.resolve("todo.txt")));
  }

  /**
   * {@code summary.json} is a run's last word on an epoch, written after the epoch's checkpoint: a
   * summary of the last epoch means the last weights are saved (a grid starts the cells that use a
   * run once its summary records every epoch). A run killed between the two is finished by writing
   * its summary, not by training again.
   */
  @Test
  void theSummaryFollowsTheCheckpointAndARunKilledBetweenThemIsOnlySummarized() throws IOException {
    Path runs = tmp.resolve("runs");
    Path run = runs.resolve("between");
    List<Boolean> summaryAtEpochEnd = new ArrayList<>();
    TrainingListener spy =
        new TrainingListener() {
          @Override
          public void onEpochEnd(EpochEnd end) {
            summaryAtEpochEnd.add(Files.exists(run.resolve("summary.json")));
          }
        };
    assertThrows(
        SimulatedCrash.class,
        () ->
            new Trainer(config(runs, "between", 1), DATA, ProgressReporters.none())
                .withListeners(spy, new CrashAtEpoch(1, CrashAtEpoch.Moment.AFTER_CHECKPOINT))
                .run(false));
    assertEquals(List.of(false), summaryAtEpochEnd, "no summary before the epoch's checkpoint");
    assertEquals(new CheckpointState(1, 2), CheckpointState.read(run.resolve("checkpoint")));
    assertFalse(Files.exists(run.resolve("summary.json")), "killed before its summary");
    assertEquals(RunState.Next.RESUME, RunState.read(run).next());

    Map<String, String> trained = FileTrees.snapshot(run.resolve("checkpoint"));
    List<EpochMetrics> rows = MetricsLog.read(run.resolve("metrics.csv"));
    RunSummary summary = Training.resume(run, DATA);
    assertEquals(1, summary.epochsDone());
    assertEquals(rows.get(0).testTop1(), summary.finalTop1());
    assertEquals(summary, RunSummary.read(run.resolve("summary.json")));
    assertEquals(rows, MetricsLog.read(run.resolve("metrics.csv")), "nothing trained again");
    assertEquals(trained, FileTrees.snapshot(run.resolve("checkpoint")));
    assertEquals(RunState.Next.FINISHED, RunState.read(run).next());
  }

  /**
   * A run another process holds (trains) is not opened for export or verification: recovering its
   * checkpoint would delete the one the trainer is writing. Once the trainer is gone it opens, and
   * the unfinished checkpoint it left is cleared.
   */
  @Test
  void aRunAnotherProcessTrainsIsNotOpenedAndItsCheckpointInProgressIsKept() throws Exception {
    Path run = copy(oneEpoch, "training");
    Path inProgress = Files.createDirectories(run.resolve("checkpoint.tmp"));
    Files.writeString(inProgress.resolve("model.index"), "being written");
    Process trainer = LockHolder.start(run);
    try {
      String message =
          assertThrows(RunInUseException.class, () -> TrainedModel.open(run)).getMessage();
      assertTrue(
          message.startsWith("run directory " + run + " is in use by process " + trainer.pid()),
          message);
      assertEquals("being written", Files.readString(inProgress.resolve("model.index")));
    } finally {
      trainer.destroyForcibly();
      trainer.waitFor();
    }
    try (TrainedModel model = TrainedModel.open(run)) {
      assertEquals(
          MetricsLog.read(run.resolve("metrics.csv")).get(0).testTop1(),
          model.finalTestTop1().getAsDouble());
    }
    assertFalse(Files.exists(inProgress), "an unfinished checkpoint is cleared");
  }

  @Test
  void aRunThatLostItsCheckpointAfterSeveralEpochsIsRefused() throws IOException {
    Path run = copy(oneEpoch, "lost");
    EpochMetrics first = MetricsLog.read(run.resolve("metrics.csv")).get(0);
    MetricsLog.resume(run.resolve("metrics.csv"), 1)
        .append(
            new EpochMetrics(
                2,
                first.trainLoss(),
                first.trainAccuracy(),
                first.testTop1(),
                first.testTop5(),
                first.learningRate(),
                first.imagesPerSecond(),
                first.epochSeconds(),
                first.stepSeconds(),
                2 * first.totalSeconds()));
    AtomicFiles.deleteRecursively(run.resolve("checkpoint"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Training.resume(run, DATA));
    assertEquals(
        "cannot resume "
            + run
            + ": "
            + run.resolve("checkpoint")
            + " is missing, although metrics.csv "
            + "records 2 epochs (their weights are lost: train again into a new --out, or delete metrics.csv to start "
            + "this run over)",
        e.getMessage());
  }

  @Test
  void aTruncatedWeightsFileIsNamedOnResumeAndWhenOpenedForExport() throws IOException {
    Path run = copy(oneEpoch, "truncated");
    Path data = run.resolve("checkpoint").resolve(DATA_FILE);
    long size = Files.size(data);
    Files.write(data, java.util.Arrays.copyOf(Files.readAllBytes(data), 100));
    String expected =
        "checkpoint "
            + run.resolve("checkpoint")
            + " is damaged: "
            + DATA_FILE
            + " has 100 bytes, "
            + size
            + " were written (truncated)";
    assertEquals(
        expected, assertThrows(IOException.class, () -> Training.resume(run, DATA)).getMessage());
    assertEquals(
        expected,
        assertThrows(UncheckedIOException.class, () -> TrainedModel.open(run)).getMessage());
  }

  @Test
  void aDeletedWeightsFileOfAFinishedRunIsNamed() throws IOException {
    Path run = copy(oneEpoch, "deleted");
    Files.delete(run.resolve("checkpoint").resolve(DATA_FILE));
    String expected =
        "checkpoint " + run.resolve("checkpoint") + " is incomplete: " + DATA_FILE + " is missing";
    assertEquals(
        expected, assertThrows(IOException.class, () -> Training.resume(run, DATA)).getMessage());
    assertEquals(
        expected,
        assertThrows(UncheckedIOException.class, () -> TrainedModel.open(run)).getMessage());
  }

  @Test
  void aCheckpointWithoutRecordedSizesStillNeedsItsFiles() throws IOException {
    Path checkpoint = copy(oneEpoch, "old").resolve("checkpoint");
    Files.writeString(checkpoint.resolve("state.json"), "{\"epoch\":1,\"iteration\":2}");
    assertEquals(new CheckpointState(1, 2), CheckpointState.read(checkpoint));
    Files.delete(checkpoint.resolve("model.index"));
    assertEquals(
        "checkpoint "
            + checkpoint
            + " is incomplete: it needs model.index and model.data-* files, it "
            + "holds ["
            + DATA_FILE
            + "]",
        assertThrows(IOException.class, () -> CheckpointState.read(checkpoint)).getMessage());
  }

  @Test
  void aTruncatedStateFileIsNamed() throws IOException {
    Path checkpoint = copy(oneEpoch, "state").resolve("checkpoint");
    Path state = checkpoint.resolve("state.json");
    Files.writeString(state, Files.readString(state).substring(0, 12));
    assertEquals(
        state
            + " is damaged (truncated?): expected {\"epoch\": N >= 1, \"iteration\": N >= 0, "
            + "\"files\": {...}}",
        assertThrows(IOException.class, () -> CheckpointState.read(checkpoint)).getMessage());
  }

  @Test
  void aCopiedRunResumesInTheCopyAndLeavesTheOriginalAlone() throws IOException {
    Path original = unfinished(tmp.resolve("original"));
    Map<String, String> untouched = FileTrees.snapshot(original);
    Path copy = FileTrees.copy(original, tmp.resolve("copies").resolve("copy"));

    assertEquals(2, Training.resume(copy, DATA).epochsDone());
    assertEquals(2, MetricsLog.read(copy.resolve("metrics.csv")).size());
    assertEquals(new CheckpointState(2, 4), CheckpointState.read(copy.resolve("checkpoint")));
    assertEquals(copy, TrainConfig.read(copy.resolve("config.json")).runPath());
    assertEquals(untouched, FileTrees.snapshot(original));
  }

  /**
   * A second resume while the first still runs (another process holds the run) is refused before it
   * touches anything; once the first is killed (kill -9), its stale lock is taken over.
   */
  @Test
  void aSecondResumeIsRefusedWhileTheFirstRunsAndTakesOverOnceItIsKilled() throws Exception {
    Path run = unfinished(tmp.resolve("busy"));
    Map<String, String> before = FileTrees.snapshot(run);
    before.remove(RunLock.FILE);
    Process first = LockHolder.start(run);
    try {
      String message =
          assertThrows(RunInUseException.class, () -> Training.resume(run, DATA)).getMessage();
      assertTrue(
          message.startsWith("run directory " + run + " is in use by process " + first.pid()),
          message);
      Map<String, String> after = FileTrees.snapshot(run);
      after.remove(RunLock.FILE);
      assertEquals(before, after);
    } finally {
      first.destroyForcibly();
      first.waitFor();
    }
    assertEquals(2, Training.resume(run, DATA).epochsDone());
    assertEquals("", Files.readString(run.resolve(RunLock.FILE)), "released at the end");
  }

  @Test
  void aMovedRunResumesWhereItIsNow() throws IOException {
    Path run = unfinished(tmp.resolve("before"));
    Path moved = Files.move(run.getParent(), tmp.resolve("after")).resolve("run");

    assertEquals(2, Training.resume(moved, DATA).epochsDone());
    assertEquals(new CheckpointState(2, 4), CheckpointState.read(moved.resolve("checkpoint")));
    assertEquals(moved, TrainConfig.read(moved.resolve("config.json")).runPath());
  }
}
