package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kflo grid submit --slurm}: every value is checked before anything is written, and sbatch
 * is looked for on the PATH before the grid directory is prepared.
 */
class GridSubmitCommandTest {
  @TempDir Path tmp;

  private Path spec;
  private Path grid;

  @BeforeEach
  void spec() throws IOException {
    spec =
        Files.writeString(
            tmp.resolve("g.json"),
            """
            {"name": "g", "datasets": ["cifar10"], "architectures": ["cifar-quick"],
             "parameterizations": ["plain"], "seeds": [1, 2], "epochs": 1}
            """);
    grid = tmp.resolve("grid $(touch pwned)");
  }

  private String refusal(String... options) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("grid", "submit", spec.toString(), "--slurm", "--out", grid.toString()));
    args.addAll(List.of(options));
    CommandRunner.Run run = CommandRunner.run(args.toArray(String[]::new));
    assertEquals(1, run.exitCode(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertFalse(Files.exists(grid), "something was written before the refusal");
    return run.err().strip();
  }

  @Test
  void badResourcesAreRefusedBeforeAnythingIsWritten() {
    assertEquals("kflo: error: --cpus must be >= 1, got 0", refusal("--cpus", "0", "--dry-run"));
    assertEquals(
        "kflo: error: --partition must be a Slurm partition name (letters, digits, '.', '_', '-'),"
            + " or several separated by commas, got 'main\\nrm -rf ~'",
        refusal("--partition", "main\nrm -rf ~", "--dry-run"));
    assertEquals(
        "kflo: error: --time must be Slurm's time limit: MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM,"
            + " D-HH:MM:SS or UNLIMITED, got '`id`'",
        refusal("--time", "`id`", "--dry-run"));
  }

  @Test
  void aDryRunWritesTheScriptWithEveryPathQuoted() throws IOException {
    CommandRunner.Run run =
        CommandRunner.run(
            "grid", "submit", spec.toString(), "--slurm", "--out", grid.toString(), "--dry-run");
    assertEquals(0, run.exitCode(), run.err());
    String script = Files.readString(grid.resolve("slurm/array.sbatch"));
    assertTrue(script.contains("#SBATCH --output=\"" + grid + "/slurm/%A_%a.out\"\n"), script);
    assertTrue(script.contains(" 'grid' 'cell' '" + grid + "' '--index' "), script);
  }

  @Test
  void aTableAxisThatIsNotOneIsNamedWithItsOption() {
    CommandRunner.Run run = CommandRunner.run("grid", "table", tmp.toString(), "--rows", "seeds");
    assertEquals(1, run.exitCode());
    assertEquals(
        "kflo: error: --rows 'seeds' is not an axis: expected one of dataset, fraction, arch,"
            + " method, seed, epochs",
        run.err().strip());
  }

  @Test
  void sbatchIsLookedForOnThePath() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertEquals(
        "sbatch not found on PATH: submit from a machine with Slurm's client commands, or write"
            + " the script only with --dry-run and submit it there with sbatch",
        assertThrows(IllegalStateException.class, () -> Sbatch.find(empty + ":/nonexistent"))
            .getMessage());
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path sbatch = Files.writeString(bin.resolve("sbatch"), "#!/bin/sh\necho 42\n");
    Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwx------"));
    assertEquals(sbatch, Sbatch.find(empty + ":" + bin));
  }

  @Test
  void sbatchsReplyIsTheJobOrItsRefusal() throws Exception {
    Path script = Files.writeString(tmp.resolve("array.sbatch"), "#!/bin/bash\n");
    assertEquals("42", Sbatch.submit(executable("ok", "echo 42"), script));
    assertEquals(
        "sbatch refused " + script + " (exit 1): sbatch: error: invalid partition specified",
        assertThrows(
                IllegalStateException.class,
                () ->
                    Sbatch.submit(
                        executable(
                            "refusing",
                            "echo 'sbatch: error: invalid partition specified' >&2; exit 1"),
                        script))
            .getMessage());
  }

  private Path executable(String name, String body) throws IOException {
    Path file = Files.writeString(tmp.resolve(name), "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }
}
