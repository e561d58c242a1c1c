package io.kflo4j.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.metrics.EpochMetrics;
import io.kflo4j.training.metrics.MetricsLog;
import io.kflo4j.training.metrics.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one rule for what a run directory asks for next, on directories laid out by hand (a
 * checkpoint's variables files are bytes: its state file records their sizes).
 */
class RunStateTest {
  @TempDir Path runs;

  private TrainConfig config(String name, int epochs) {
    return TrainConfig.builder()
        .data(d -> d.dataset("cifar10"))
        .model(m -> m.arch("cifar-quick").reparam("plain"))
        .schedule(s -> s.epochs(epochs))
        .run(r -> r.seed(1).outDir(runs).runName(name))
        .build();
  }

  /**
   * A run of {@code epochs} epochs with {@code rows} metrics rows and a checkpoint after some, and
   * its summary of the checkpointed epochs (written after the checkpoint).
   */
  private Path run(String name, int epochs, int rows, int checkpointEpoch) throws IOException {
    Path run = unsummarized(name, epochs, rows, checkpointEpoch);
    if (checkpointEpoch > 0) {
      List<EpochMetrics> summarized =
          MetricsLog.read(run.resolve(RunDirectory.METRICS_FILE)).subList(0, checkpointEpoch);
      RunSummary.of(name, summarized, Map.of()).write(run.resolve(RunDirectory.SUMMARY_FILE));
    }
    return run;
  }

  /** {@link #run} killed before the checkpoint's summary. */
  private Path unsummarized(String name, int epochs, int rows, int checkpointEpoch)
      throws IOException {
    TrainConfig config = config(name, epochs);
    Path run = Files.createDirectories(config.runPath());
    config.write(run.resolve(RunDirectory.CONFIG_FILE));
    MetricsLog metrics = MetricsLog.create(run.resolve(RunDirectory.METRICS_FILE));
    for (int e = 1; e <= rows; e++) {
      metrics.append(new EpochMetrics(e, 1.0 / e, 0.5, 0.4, 0.9, 0.1, 100, 10, 9, 10 * e));
    }
    if (checkpointEpoch > 0) {
      Path checkpoint = Files.createDirectories(run.resolve(RunDirectory.CHECKPOINT_DIR));
      Files.write(checkpoint.resolve("model.index"), new byte[] {1, 2, 3});
      Files.write(checkpoint.resolve("model.data-00000-of-00001"), new byte[] {4, 5, 6, 7});
      new CheckpointState(checkpointEpoch, 3L * checkpointEpoch).write(checkpoint);
    }
    return run;
  }

  @Test
  void noDirectoryOrOneWithoutARunStarts() throws IOException {
    assertEquals(RunState.Next.START, RunState.read(runs.resolve("absent")).next());
    Path notes = Files.createDirectories(runs.resolve("notes"));
    Files.writeString(notes.resolve("todo.txt"), "not a run");
    assertEquals(RunState.Next.START, RunState.read(notes).next());
    assertEquals(
        "cannot resume " + notes + ": it has no config.json",
        assertThrows(IllegalArgumentException.class, () -> RunState.read(notes).config())
            .getMessage());
  }

  @Test
  void aStartInterruptedBeforeItsFirstCheckpointStartsOver() throws IOException {
    assertEquals(RunState.Next.START_OVER, RunState.read(run("no-epoch", 3, 0, 0)).next());
    assertEquals(RunState.Next.START_OVER, RunState.read(run("one-epoch", 3, 1, 0)).next());
    Path logOnly = Files.createDirectories(runs.resolve("log-only"));
    Files.writeString(logOnly.resolve(RunDirectory.LOG_FILE), "started\n");
    assertEquals(RunState.Next.START_OVER, RunState.read(logOnly).next());
  }

  @Test
  void aStartOverClearsTheDirectoryButItsLock() throws IOException {
    Path run = run("cleared", 3, 1, 0);
    try (RunLock lock = RunLock.acquire(run)) {
      RunState.read(run).prepare(lock);
      try (var entries = Files.list(run)) {
        assertEquals(List.of(run.resolve(RunLock.FILE)), entries.toList());
      }
    }
  }

  @Test
  void aCheckpointResumesUntilTheLastEpoch() throws IOException {
    RunState unfinished = RunState.read(run("unfinished", 3, 2, 2));
    assertEquals(RunState.Next.RESUME, unfinished.next());
    assertEquals(new CheckpointState(2, 6), unfinished.checkpoint().orElseThrow());
    assertEquals(RunState.Next.FINISHED, RunState.read(run("finished", 3, 3, 3)).next());
    // Killed between the last checkpoint and its summary: the trainer resumes to write it.
    assertEquals(RunState.Next.RESUME, RunState.read(unsummarized("unsummarized", 3, 3, 3)).next());
  }

  @Test
  void epochsWhoseCheckpointIsGoneAreNotStartedOver() throws IOException {
    Path run = run("lost", 3, 2, 0);
    assertTrue(
        assertThrows(IllegalStateException.class, () -> RunState.read(run))
            .getMessage()
            .endsWith(
                "is missing, although metrics.csv records 2 epochs (their weights are lost:"
                    + " train again into a new --out, or delete metrics.csv to start this run over)"));
  }

  @Test
  void aCheckpointWithoutItsConfigurationIsRefused() throws IOException {
    Path run = run("no-config", 3, 2, 2);
    Files.delete(run.resolve(RunDirectory.CONFIG_FILE));
    assertEquals(
        "cannot resume " + run + ": it has no config.json",
        assertThrows(IllegalArgumentException.class, () -> RunState.read(run)).getMessage());
  }

  @Test
  void aRunContinuesOnlyWithItsOwnConfiguration() throws IOException {
    RunState state = RunState.read(run("same", 3, 2, 2));
    state.checkContinuedWith(config("same", 3));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> state.checkContinuedWith(config("same", 4)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "run " + state.directory() + " was started with another configuration; remove it"),
        e.getMessage());
    // A run that starts over has nothing that depends on its configuration.
    RunState.read(run("over", 3, 1, 0)).checkContinuedWith(config("over", 4));
  }

  @Test
  void aMovedRunIsPlacedWhereItIsNowAndRecordsItWhenResumed() throws IOException {
    Path run = run("before", 3, 2, 2);
    Path moved = Files.move(run, runs.resolve("after"));
    RunState state = RunState.read(moved);
    assertEquals(moved.toAbsolutePath(), state.config().runPath().toAbsolutePath());
    try (RunLock lock = RunLock.acquire(moved)) {
      state.prepare(lock);
    }
    assertEquals(
        moved.toAbsolutePath(),
        TrainConfig.read(moved.resolve(RunDirectory.CONFIG_FILE)).runPath().toAbsolutePath());
  }
}
