package io.kflo4j.training.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.common.testing.LogLines;
import io.kflo4j.training.testing.LockHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process at a time in a run directory; a lock left by a killed process is taken over. */
class RunLockTest {
  @TempDir Path run;

  private Path lockFile() {
    return run.resolve(RunLock.FILE);
  }

  private static String pidIn(Path file) throws Exception {
    return Files.readString(file).split(" ")[0];
  }

  @Test
  void theLockNamesItsOwnerNestsInOneThreadAndIsEmptiedWhenReleased() throws Exception {
    try (RunLock outer = RunLock.acquire(run)) {
      assertEquals(Long.toString(ProcessHandle.current().pid()), pidIn(lockFile()));
      try (RunLock inner = RunLock.acquire(run)) {
        assertEquals(Long.toString(ProcessHandle.current().pid()), pidIn(lockFile()));
      }
      assertEquals(
          Long.toString(ProcessHandle.current().pid()),
          pidIn(lockFile()),
          "the outer hold still holds it");
      String refused =
          CompletableFuture.supplyAsync(
                  () ->
                      assertThrows(RunInUseException.class, () -> RunLock.acquire(run))
                          .getMessage())
              .get(30, TimeUnit.SECONDS);
      assertTrue(
          refused.startsWith(
              "run directory "
                  + run
                  + " is in use by process "
                  + ProcessHandle.current().pid()
                  + " on "),
          refused);
    }
    assertEquals("", Files.readString(lockFile()));
  }

  /** Another process holds it: refused, naming that process; killed, its lock is taken over. */
  @Test
  void anotherProcessIsRefusedUntilItIsKilledThenItsLockIsTakenOver() throws Exception {
    Process holder = LockHolder.start(run);
    try {
      String refused =
          assertThrows(RunInUseException.class, () -> RunLock.acquire(run)).getMessage();
      assertTrue(
          refused.startsWith("run directory " + run + " is in use by process " + holder.pid()),
          refused);
      assertTrue(
          refused.endsWith(
              ": wait until it ends (a lock left by a killed process is taken over; one held on"
                  + " another host ends when its process does, or delete "
                  + lockFile()
                  + " if that process is gone)"),
          refused);
      assertEquals(1, refused.lines().count());
    } finally {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }
    assertEquals(Long.toString(holder.pid()), pidIn(lockFile()), "kill -9 leaves its lock file");
    List<String> logged;
    try (LogLines log = new LogLines(RunLock.class);
        RunLock lock = RunLock.acquire(run)) {
      assertEquals(Long.toString(ProcessHandle.current().pid()), pidIn(lockFile()));
      logged = log.lines();
    }
    assertEquals(1, logged.size(), logged.toString());
    assertTrue(
        logged
            .get(0)
            .startsWith(
                "WARN took over the lock of " + run + " left by process " + holder.pid() + " on "),
        logged.get(0));
    assertTrue(logged.get(0).endsWith(", which is gone"), logged.get(0));
  }

  @Test
  void aReleasedLockIsTakenByTheNextProcessWithoutATakeOver() throws Exception {
    Process holder = LockHolder.start(run);
    holder.getOutputStream().close();
    assertEquals(0, holder.waitFor());
    assertEquals("", Files.readString(lockFile()));
    try (LogLines log = new LogLines(RunLock.class);
        RunLock lock = RunLock.acquire(run)) {
      assertEquals(Long.toString(ProcessHandle.current().pid()), pidIn(lockFile()));
      assertEquals(List.of(), log.lines());
    }
  }

  @Test
  void clearingKeepsOnlyTheLock() throws Exception {
    Files.writeString(run.resolve("metrics.csv"), "epoch\n");
    Files.createDirectories(run.resolve("checkpoint/x"));
    try (RunLock lock = RunLock.acquire(run)) {
      lock.clearDirectory();
      try (var files = Files.list(run)) {
        assertEquals(List.of(lockFile()), files.toList());
      }
    }
  }
}
