package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.testing.ImageFolderFixture;
import io.kflo4j.training.grid.CellStatus;
import io.kflo4j.training.metrics.RunSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kflo grid run} and {@code kflo grid table} for real: two cells, each a {@code kflo train}
 * process.
 */
class GridCommandTest {
  @TempDir Path tmp;

  @Test
  void runsEachCellInItsOwnProcessSkipsThemWhenDoneAndTabulates() throws Exception {
    Path folder = ImageFolderFixture.write(tmp.resolve("pets"), List.of("cat", "dog"), 12, 3);
    Path spec = tmp.resolve("grid.json");
    Files.writeString(
        spec,
        """
        {"name": "pets", "datasets": ["folder:%s"], "architectures": ["cifar-quick"],
         "methods": [{"name": "plain", "reparam": "plain", "arguments": ["--batch", "8"]}],
         "seeds": [1, 2], "epochs": 1}
        """
            .formatted(folder));
    Path grid = tmp.resolve("grid");
    StringWriter out = new StringWriter();
    CommandLine commandLine = KfloCommand.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    assertEquals(
        0,
        commandLine.execute("grid", "run", spec.toString(), "--out", grid.toString()),
        out.toString());
    for (String cell :
        List.of("folder-pets-cifar-quick-plain-e1-s1", "folder-pets-cifar-quick-plain-e1-s2")) {
      Path run = grid.resolve("cells").resolve(cell);
      assertEquals(1, RunSummary.read(run.resolve("summary.json")).epochsDone(), cell);
      assertEquals("0", Files.readString(run.resolve(CellStatus.EXIT_FILE)).strip(), cell);
      assertTrue(Files.size(grid.resolve("cells").resolve(cell + ".log")) > 0, cell + ".log");
    }
    assertTrue(out.toString().contains("cell 2/2 "), out.toString());

    StringWriter again = new StringWriter();
    commandLine.setOut(new PrintWriter(again));
    assertEquals(0, commandLine.execute("grid", "run", spec.toString(), "--out", grid.toString()));
    assertTrue(
        again.toString().contains("grid pets: 2 cells, 2 done already, 0 to run"),
        again.toString());

    StringWriter table = new StringWriter();
    commandLine.setOut(new PrintWriter(table));
    assertEquals(0, commandLine.execute("grid", "table", grid.toString()));
    assertTrue(table.toString().contains("| plain | "), table.toString());
    assertTrue(table.toString().contains(" (2) |"), table.toString());
    assertEquals(2, Files.readAllLines(grid.resolve("table.csv")).size());
  }
}
