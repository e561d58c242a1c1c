package io.kflo4j.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuietMachineTest {
  @TempDir Path proc;

  /** Writes a process's stat line as Linux does: user and system ticks are fields 14 and 15. */
  private void process(long pid, String command, long user, long system) throws Exception {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(
        dir.resolve("stat"),
        pid
            + " ("
            + command
            + ") S 1 1 1 0 -1 4194560 100 0 0 0 "
            + user
            + " "
            + system
            + " 0 0 20 0 2 0 1000 0 0\n");
  }

  private void loadAverage(String value) throws Exception {
    Files.writeString(proc.resolve("loadavg"), value + " 0.40 0.30 2/180 4242\n");
  }

  private static QuietMachine.Snapshot at(double seconds, QuietMachine machine) {
    return new QuietMachine.Snapshot((long) (seconds * 1e9), machine.processTimes());
  }

  @Test
  void aQuietMachineHasALowLoadAndNoBusyOtherProcess() throws Exception {
    QuietMachine machine = new QuietMachine(proc, () -> Set.of(7L));
    loadAverage("0.31");
    process(7, "java", 1000, 100);
    process(42, "sshd", 10, 5);
    QuietMachine.Snapshot before = at(0, machine);
    process(7, "java", 1300, 100); // our own process may be busy
    process(42, "sshd", 40, 5); // 0.30 of a core over one second
    assertEquals(
        Optional.empty(),
        QuietMachine.verdict(0.31, QuietMachine.busyOthers(before, at(1, machine))));
    assertEquals(0.31, machine.loadAverage(), 1e-12);
  }

  @Test
  void processesTakingMoreThanHalfACoreAreNamedBusiestFirst() throws Exception {
    QuietMachine machine = new QuietMachine(proc, Set::of);
    process(42, "python3 (grid) x", 100, 0);
    process(43, "bash", 0, 0);
    QuietMachine.Snapshot before = at(0, machine);
    process(42, "python3 (grid) x", 160, 20); // 80 ticks in 1 s: 0.80 of a core
    process(43, "bash", 51, 0); // 0.51 of a core
    process(44, "idle", 50, 0); // exactly half a core is allowed
    assertEquals(
        Optional.of(
            "pid 42 (python3 (grid) x) took 0.80 of a core, pid 43 (bash) took 0.51 of a core"),
        QuietMachine.verdict(0.2, QuietMachine.busyOthers(before, at(1, machine))));
  }

  @Test
  void aHighLoadAverageIsRefusedWithItsValue() throws Exception {
    QuietMachine machine = new QuietMachine(proc, Set::of);
    process(42, "java", 0, 0);
    QuietMachine.Snapshot before = at(0, machine);
    process(42, "java", 150, 50); // a whole core over two seconds: 1.00
    assertEquals(
        Optional.of("load average 0.51 > 0.5; pid 42 (java) took 1.00 of a core"),
        QuietMachine.verdict(0.51, QuietMachine.busyOthers(before, at(2, machine))));
    assertEquals(
        Optional.of("load average 1.96 > 0.5"),
        QuietMachine.verdict(1.96, QuietMachine.busyOthers(before, before)));
  }

  @Test
  void aProcessStartedBetweenTheSnapshotsCountsAllItsTime() throws Exception {
    QuietMachine machine = new QuietMachine(proc, Set::of);
    QuietMachine.Snapshot before = at(0, machine);
    process(99, "stress", 90, 0);
    assertTrue(QuietMachine.busyOthers(before, at(1, machine)).isPresent());
    assertEquals(Map.of(), before.processes());
  }

  @Test
  void unreadableOrMalformedStatLinesAreSkipped() throws Exception {
    Files.createDirectories(proc.resolve("5"));
    Files.writeString(proc.resolve("5").resolve("stat"), "5 no parentheses here\n");
    Files.createDirectories(proc.resolve("6")); // a process that ended: no stat file
    process(8, "ok", 3, 4);
    assertEquals(
        Map.of(8L, new QuietMachine.ProcessTime(8, "ok", 7)),
        new QuietMachine(proc, Set::of).processTimes());
  }

  /** Replaces a file in one step, as the kernel's files change between two reads. */
  private void replace(Path file, String content) throws Exception {
    Path temporary = Files.writeString(file.resolveSibling(file.getFileName() + ".new"), content);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void aLoadThatFallsIsWaitedOutWithOneLineSaid() throws Exception {
    QuietMachine machine = new QuietMachine(proc, Set::of);
    loadAverage("0.90");
    Thread falls =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
                replace(proc.resolve("loadavg"), "0.20 0.50 0.40 1/100 7\n");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    falls.start();
    List<String> said = new ArrayList<>();
    machine.awaitQuiet(Duration.ofSeconds(30), Duration.ofMillis(50), said::add);
    falls.join();
    assertEquals(
        List.of(
            "load average 0.90 > 0.5 with no other process busy: waiting up to 30 s for it to"
                + " fall"),
        said);
  }

  @Test
  void aBusyProcessIsRefusedAtOnceAndAHighLoadOncePatienceRunsOut() throws Exception {
    QuietMachine machine = new QuietMachine(proc, Set::of);
    loadAverage("0.10");
    process(42, "stress", 0, 0);
    Thread busy =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
                replace(
                    proc.resolve("42").resolve("stat"),
                    "42 (stress) S 1 1 1 0 -1 0 0 0 0 0 " + "5000 0 0 0 20 0 1 0 1000 0 0\n");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long start = System.nanoTime();
    busy.start();
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () -> machine.awaitQuiet(Duration.ofSeconds(30), Duration.ofMillis(400), line -> {}));
    busy.join();
    assertTrue(refused.getMessage().startsWith("the machine is not quiet (pid 42 (stress) took "));
    assertTrue(System.nanoTime() - start < 10e9, "refused at once, not after the 30 s of patience");
    loadAverage("0.75");
    assertEquals(
        "the machine is not quiet (load average 0.75 > 0.5): a comparison with PyTorch or Keras"
            + " beside other work is no yardstick; pause that work and run again",
        assertThrows(
                IllegalStateException.class,
                () -> machine.awaitQuiet(Duration.ZERO, Duration.ofMillis(10), line -> {}))
            .getMessage());
  }
}
