package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.testing.ImageFolderFixture;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.run.RunLock;
import io.kflo4j.training.testing.FileTrees;
import io.kflo4j.training.testing.LockHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While another process holds a run directory, {@code train --resume}, {@code transfer} and {@code
 * export} of it are refused with one line naming that process, and touch nothing.
 */
class RunLockCommandTest {
  @TempDir Path tmp;

  private Path run;
  private Process holder;
  private Map<String, String> before;

  @BeforeEach
  void holdARun() throws Exception {
    run = Files.createDirectories(tmp.resolve("run"));
    TrainConfig.builder()
        .data(d -> d.dataset("cifar10"))
        .model(m -> m.arch("cifar-quick").reparam("plain"))
        .schedule(s -> s.epochs(2))
        .run(r -> r.seed(1).outDir(tmp).runName("run"))
        .build()
        .write(run.resolve("config.json"));
    holder = LockHolder.start(run);
    before = FileTrees.snapshot(run);
  }

  @AfterEach
  void killTheHolder() throws InterruptedException {
    holder.destroyForcibly();
    holder.waitFor();
  }

  private void refused(String... args) throws java.io.IOException {
    CommandRunner.Run result = CommandRunner.run(args);
    assertEquals(1, result.exitCode(), result.err());
    List<String> lines = result.err().lines().toList();
    assertEquals(1, lines.size(), result.err());
    assertTrue(
        lines
            .get(0)
            .startsWith(
                "kflo: error: run directory " + run + " is in use by process " + holder.pid()),
        lines.get(0));
    assertTrue(lines.get(0).endsWith(" if that process is gone)"), lines.get(0));
    assertEquals(before, FileTrees.snapshot(run));
    assertTrue(Files.readString(run.resolve(RunLock.FILE)).startsWith(holder.pid() + " "));
  }

  @Test
  void aSecondResumeIsRefused() throws Exception {
    refused("train", "--resume", "--out", run.toString());
  }

  @Test
  void anExportOfTheRunIsRefused() throws Exception {
    refused("export", "--run", run.toString(), "--out", tmp.resolve("model").toString());
    assertEquals(false, Files.exists(tmp.resolve("model")));
  }

  @Test
  void aTransferIntoTheRunIsRefused() throws Exception {
    Path folder = ImageFolderFixture.write(tmp.resolve("pets"), List.of("cat", "dog"), 4, 1);
    refused(CommandRunner.args(CommandRunner.transferToFolder(folder, run)));
  }
}
