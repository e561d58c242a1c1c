package io.kflo4j.experiments.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmArrayScriptTest {
  private static final List<String> JAVA =
      List.of(
          "/usr/bin/java", "-Xmx6g", "-cp", "/opt/kflo/kflo-cli.jar", "io.kflo4j.cli.KfloCommand");

  @TempDir Path tmp;

  private static SlurmArrayScript script(
      Path grid, List<String> command, String partition, String memory, String time) {
    return new SlurmArrayScript(
        "kflo-cq", 12, grid, command, Optional.ofNullable(partition), 4, memory, time, 3);
  }

  @Test
  void oneArrayTaskPerCellEachRunningTheCellCommand() {
    assertEquals(
        """
        #!/bin/bash
        #SBATCH --job-name=kflo-cq
        #SBATCH --array=0-11%3
        #SBATCH --cpus-per-task=4
        #SBATCH --mem=16G
        #SBATCH --time=04:00:00
        #SBATCH --partition=gpu
        #SBATCH --output="/shared/grids/it's 100%%/slurm/%A_%a.out"
        # One cell per array task; rerunning the array skips finished cells (kflo grid cell resumes the rest).
        set -euo pipefail
        exec '/usr/bin/java' '-Xmx6g' '-cp' '/opt/kflo/kflo-cli.jar' 'io.kflo4j.cli.KfloCommand' \
        'grid' 'cell' '/shared/grids/it'\\''s 100%' '--index' "$SLURM_ARRAY_TASK_ID"
        """,
        script(Path.of("/shared/grids/it's 100%"), JAVA, "gpu", "16G", "04:00:00").text());
  }

  @Test
  void noPartitionAndNoConcurrencyLimitByDefaultAndAbsoluteGridsOnly() {
    String text =
        new SlurmArrayScript(
                "g", 1, Path.of("/g"), List.of("kflo"), Optional.empty(), 2, "8G", "24:00:00", 0)
            .text();
    assertEquals(false, text.contains("--partition"));
    assertEquals(true, text.contains("#SBATCH --array=0-0\n"));
    assertEquals(
        "the grid directory must be absolute for the nodes, got g",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new SlurmArrayScript(
                        "g",
                        1,
                        Path.of("g"),
                        List.of("kflo"),
                        Optional.empty(),
                        2,
                        "8G",
                        "1:00:00",
                        0))
            .getMessage());
  }

  @Test
  void slurmsTimeAndMemoryFormsAreAccepted() {
    for (String time :
        List.of("30", "30:00", "4:00:00", "2-0", "2-12:30", "2-12:30:15", "UNLIMITED")) {
      script(Path.of("/g"), JAVA, "main,gpu", "512", time);
    }
    for (String memory : List.of("0", "512", "8G", "500M", "2T", "1024k")) {
      script(Path.of("/g"), JAVA, "a.b_c-d", memory, "1:00:00");
    }
  }

  /** Each value that would end an {@code #SBATCH} line or is not Slurm's syntax: one line. */
  @Test
  void valuesThatCannotBeWrittenSafelyAreRefusedNamingTheOption() {
    Path grid = Path.of("/g");
    assertEquals(
        "--partition must be a Slurm partition name (letters, digits, '.', '_', '-'), or several"
            + " separated by commas, got 'main\\ntouch /tmp/pwned'",
        refusal(() -> script(grid, JAVA, "main\ntouch /tmp/pwned", "8G", "1:00:00")));
    assertEquals(
        "--partition must be a Slurm partition name (letters, digits, '.', '_', '-'), or several"
            + " separated by commas, got '$(touch x)'",
        refusal(() -> script(grid, JAVA, "$(touch x)", "8G", "1:00:00")));
    assertEquals(
        "--mem must be Slurm's memory size: a number with an optional K, M, G or T, got '8G"
            + " --wrap=id'",
        refusal(() -> script(grid, JAVA, null, "8G --wrap=id", "1:00:00")));
    assertEquals(
        "--time must be Slurm's time limit: MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS"
            + " or UNLIMITED, got '1:00:00\\rid'",
        refusal(() -> script(grid, JAVA, null, "8G", "1:00:00\rid")));
    assertEquals(
        "--time must be Slurm's time limit: MINUTES, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS"
            + " or UNLIMITED, got '1 hour'",
        refusal(() -> script(grid, JAVA, null, "8G", "1 hour")));
    assertEquals(
        "--out /g/a\\nb cannot be written into a Slurm script: the grid directory's path must hold"
            + " no control character (newline, tab...) and no backslash",
        refusal(() -> script(Path.of("/g/a\nb"), JAVA, null, "8G", "1:00:00")));
    assertEquals(
        "the job name must be letters, digits, '.', '_' and '-', got 'kflo-a b'",
        refusal(
            () ->
                new SlurmArrayScript(
                    "kflo-a b", 1, grid, JAVA, Optional.empty(), 1, "8G", "1:00:00", 0)));
  }

  private static String refusal(Runnable construction) {
    return assertThrows(IllegalArgumentException.class, construction::run).getMessage();
  }

  /**
   * The script run by bash, as an array task runs it, with hostile paths: the command
   * substitutions, backticks and quotes in the grid directory, the java path and the class path
   * stay text, and each argument reaches the program intact.
   */
  @Test
  void bashRunsTheScriptWithHostilePathsAsPlainArguments() throws Exception {
    String hostile = " $(touch pwned-sub) `touch pwned-tick` it's \"quoted\" 100% #no-comment";
    Path bin = Files.createDirectories(tmp.resolve("bin" + hostile));
    Path argvFile = tmp.resolve("argv");
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        "#!/bin/bash\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > \"$ARGV_FILE\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    Path grid = tmp.resolve("grid" + hostile);
    List<String> command =
        List.of(
            java.toString(),
            "-cp",
            "/opt/a b/$(touch pwned-cp).jar:/opt/`touch pwned-cp2`.jar",
            "io.kflo4j.cli.KfloCommand");
    Path file = tmp.resolve("array.sbatch");
    Files.writeString(file, script(grid, command, "main", "8G", "1:00:00").text());
    Path workDir = Files.createDirectories(tmp.resolve("work"));

    ProcessBuilder bash =
        new ProcessBuilder("bash", file.toString()).directory(workDir.toFile()).inheritIO();
    bash.environment().put("SLURM_ARRAY_TASK_ID", "7");
    bash.environment().put("ARGV_FILE", argvFile.toString());
    Process process = bash.start();
    assertEquals(true, process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue());

    List<String> expected = new ArrayList<>(command.subList(1, command.size()));
    expected.addAll(List.of("grid", "cell", grid.toString(), "--index", "7"));
    assertEquals(expected, List.of(Files.readString(argvFile).split("\0")));
    try (Stream<Path> files = Files.walk(tmp)) {
      assertEquals(
          List.of(),
          files.filter(p -> p.getFileName().toString().startsWith("pwned")).toList(),
          "an injected command ran");
    }
    assertEquals(List.of(), list(workDir));
  }

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }
}
