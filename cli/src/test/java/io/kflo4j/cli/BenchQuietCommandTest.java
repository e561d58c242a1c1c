package io.kflo4j.cli;

import static io.kflo4j.cli.CommandRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A side-by-side comparison with another framework is refused on a busy machine. */
class BenchQuietCommandTest {
  @TempDir Path dir;

  @Test
  void aComparisonBesideABusyProcessIsRefusedWithTheProcessNamed() throws Exception {
    Path python = dir.resolve("python-with-everything");
    Files.writeString(python, "#!/bin/sh\nexit 0\n"); // imports torch and keras, says it
    assertTrue(python.toFile().setExecutable(true));
    // A busy loop that is not this JVM's child: started by a shell that exits at once.
    Process launcher =
        new ProcessBuilder("sh", "-c", "sh -c 'while :; do :; done' >/dev/null 2>&1 & echo $!")
            .start();
    long busy =
        Long.parseLong(
            new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    try {
      launcher.waitFor();
      Thread.sleep(300);
      CommandRunner.Run refused =
          run("bench", "train", "--vs-keras", "--keras-python", python.toString(), "--rounds", "3");
      assertEquals(1, refused.exitCode(), refused.err());
      assertTrue(
          refused.err().startsWith("kflo: error: the machine is not quiet ("), refused.err());
      assertTrue(refused.err().contains("pid " + busy + " (sh) took "), refused.err());
      assertTrue(
          refused.err().endsWith("no yardstick; pause that work and run again\n"), refused.err());
      assertEquals("", refused.out());
    } finally {
      ProcessHandle.of(busy).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}
