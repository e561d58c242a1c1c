package io.kflo4j.experiments.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.training.metrics.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cells that use other cells: {@code {cell:METHOD}} arguments (a student and its seed's teachers),
 * ensembles of other cells' models, the order they must run in, and the per-cell CSV.
 */
class GridReferencesTest {
  private static final String SPEC =
      """
      {"name": "tl", "datasets": ["cifar100"], "fractions": [0.4], "architectures": ["cifar-quick"],
       "methods": [
         {"name": "tl-m1", "reparam": "plain", "transferFrom": ["src/m1"]},
         {"name": "tl-m2", "reparam": "plain", "transferFrom": ["src/m2"]},
         {"name": "ensemble", "ensembleOf": ["tl-m1", "tl-m2"]},
         {"name": "student", "reparam": "kflo:2x2", "transferFrom": ["src/m1", "src/m2"],
          "arguments": ["--distill-from", "{cell:tl-m1}/model,{cell:tl-m2}/model"]}],
       "seeds": [1, 2], "epochs": 3}
      """;

  @TempDir Path tmp;

  @Test
  void cellReferencesResolveToTheSameSeedsCells() {
    GridSpec spec = GridSpec.parse(SPEC);
    List<GridCell> cells = spec.cells();
    assertEquals(8, cells.size());
    Path grid = tmp.resolve("grid");
    GridCell student = cells.get(7);
    assertEquals("cifar100-f0.4-cifar-quick-student-e3-s2", student.name());
    Path cells2 = grid.resolve("cells");
    List<String> args = student.arguments(cells2.resolve(student.name()));
    int flag = args.indexOf("--distill-from");
    assertEquals(
        cells2.resolve("cifar100-f0.4-cifar-quick-tl-m1-e3-s2")
            + "/model,"
            + cells2.resolve("cifar100-f0.4-cifar-quick-tl-m2-e3-s2")
            + "/model",
        args.get(flag + 1));
    GridCell ensemble = cells.get(5);
    assertEquals(
        List.of(
            "eval",
            "--model",
            cells2.resolve("cifar100-f0.4-cifar-quick-tl-m1-e3-s2").resolve("model")
                + ","
                + cells2.resolve("cifar100-f0.4-cifar-quick-tl-m2-e3-s2").resolve("model"),
            "--dataset",
            "cifar100",
            "--out",
            cells2.resolve(ensemble.name()).resolve("evaluation").toString()),
        ensemble.arguments(cells2.resolve(ensemble.name())));
    assertTrue(spec.refersTo(student, cells.get(3)), "student s2 uses tl-m2 s2");
    assertTrue(!spec.refersTo(student, cells.get(2)), "not tl-m2 s1");
  }

  @Test
  void aReferenceToAMethodListedLaterIsRefused() {
    String backwards =
        SPEC.replace("{\"name\": \"ensemble\", \"ensembleOf\": [\"tl-m1\", \"tl-m2\"]},", "")
            .replace(
                "\"methods\": [",
                "\"methods\": [{\"name\": \"ensemble\", \"ensembleOf\": [\"tl-m1\"]},");
    assertEquals(
        "method 'ensemble' refers to method 'tl-m1', which is not listed before it",
        assertThrows(IllegalArgumentException.class, () -> GridSpec.parse(backwards)).getMessage());
    String unknown = SPEC.replace("{cell:tl-m2}", "{cell:tl-m9}");
    assertEquals(
        "method 'student' refers to method 'tl-m9', which is not listed before it",
        assertThrows(IllegalArgumentException.class, () -> GridSpec.parse(unknown)).getMessage());
  }

  /**
   * Two cells at a time: a student never starts before both its teachers are done, and an ensemble
   * cell is done once its report is written; cells.csv has a line per evaluated cell.
   */
  @Test
  void aCellWaitsForTheCellsItUsesAndEnsemblesAreTabled() throws Exception {
    GridSpec spec = GridSpec.parse(SPEC);
    Path grid = tmp.resolve("grid");
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    GridRunner runner =
        new GridRunner(
            (args, log) -> {
              Path out = Path.of(args.get(args.size() - 1));
              String name =
                  (args.get(0).equals("eval") ? out.getParent() : out).getFileName().toString();
              events.add("start " + name);
              if (args.get(0).equals("eval")) {
                for (String model : args.get(2).split(",")) {
                  assertTrue(Files.exists(Path.of(model).resolve("saved_model.pb")), model);
                }
                Files.createDirectories(out);
                // The cell ends when the file that marks it done appears: record that first, or a
                // waiting cell may start between the file and the record.
                events.add("end " + name);
                Files.writeString(
                    out.resolve("evaluation.json"), "{\"top1\": 0.5, \"top5\": 0.75}");
              } else {
                Thread.sleep(name.contains("tl-m2") ? 300 : 20);
                Files.createDirectories(out.resolve("model"));
                Files.writeString(out.resolve("model/saved_model.pb"), "");
                events.add("end " + name);
                new RunSummary(name, 3, 0.42, 2, 0.41, 0.7, 0.69, 1.0, 90, 100, null)
                    .write(out.resolve("summary.json"));
              }
              return 0;
            },
            2);
    GridRunner.Outcome outcome = runner.run(spec, SPEC, grid, line -> {});
    assertEquals(8, outcome.done());
    for (String seed : List.of("s1", "s2")) {
      int teacher = events.indexOf("end cifar100-f0.4-cifar-quick-tl-m2-e3-" + seed);
      int student = events.indexOf("start cifar100-f0.4-cifar-quick-student-e3-" + seed);
      int ensemble = events.indexOf("start cifar100-f0.4-cifar-quick-ensemble-e3-" + seed);
      assertTrue(teacher >= 0 && teacher < student && teacher < ensemble, events.toString());
    }
    GridTable table = GridTable.read(grid, "method", "arch");
    assertEquals(GridTable.CELLS_HEADER, table.cellsCsv().lines().findFirst().orElseThrow());
    List<String> lines = table.cellsCsv().lines().toList();
    assertEquals(9, lines.size());
    assertEquals("tl-m1,cifar100,0.4,cifar-quick,1,3,41.00,42.00,69.00,1.5", lines.get(1));
    assertEquals("ensemble,cifar100,0.4,cifar-quick,1,3,50.00,50.00,75.00,0.0", lines.get(5));
    assertEquals(
        List.of(50.0, 50.0), table.entries().get("ensemble").get("cifar-quick").finalTop1());
  }
}
