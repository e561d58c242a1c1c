package io.kflo4j.training.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlurmArrayScriptTest {

  @Test
  void oneArrayTaskPerCellEachRunningTheCellCommand() {
    SlurmArrayScript script =
        new SlurmArrayScript(
            "kflo-cq",
            12,
            Path.of("/shared/grids/it's"),
            "/usr/bin/java -Xmx6g -cp /opt/kflo/kflo-cli.jar io.kflo4j.cli.KfloCommand",
            Optional.of("gpu"),
            4,
            "16G",
            "04:00:00",
            3);
    assertEquals(
        """
        #!/bin/bash
        #SBATCH --job-name=kflo-cq
        #SBATCH --array=0-11%3
        #SBATCH --cpus-per-task=4
        #SBATCH --mem=16G
        #SBATCH --time=04:00:00
        #SBATCH --partition=gpu
        #SBATCH --output=/shared/grids/it's/slurm/%A_%a.out
        # One cell per array task; rerunning the array skips finished cells (kflo grid cell resumes the rest).
        set -euo pipefail
        exec /usr/bin/java -Xmx6g -cp /opt/kflo/kflo-cli.jar io.kflo4j.cli.KfloCommand grid cell \
        '/shared/grids/it'\\''s' --index "$SLURM_ARRAY_TASK_ID"
        """,
        script.text());
  }

  @Test
  void noPartitionAndNoConcurrencyLimitByDefaultAndAbsoluteGridsOnly() {
    String text =
        new SlurmArrayScript(
                "g", 1, Path.of("/g"), "kflo", Optional.empty(), 2, "8G", "24:00:00", 0)
            .text();
    assertEquals(false, text.contains("--partition"));
    assertEquals(true, text.contains("#SBATCH --array=0-0\n"));
    assertEquals(
        "the grid directory must be absolute for the nodes, got g",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new SlurmArrayScript(
                        "g", 1, Path.of("g"), "kflo", Optional.empty(), 2, "8G", "1:00:00", 0))
            .getMessage());
  }
}
