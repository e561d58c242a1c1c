package io.kflo4j.training.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridSpecTest {
  static final String SPEC =
      """
      {"name": "cq-small", "datasets": ["cifar10", "cifar100"], "fractions": [0.4], "architectures": ["cifar-quick"],
       "methods": [{"name": "ema", "reparam": "plain", "arguments": ["--ema", "0.999"]},
                   {"name": "kflo-tl", "reparam": "kflo:2x2", "transferFrom": ["m1", "m2"]}],
       "parameterizations": ["plain", "kflo:2x4"], "seeds": [1, 2, 3], "epochs": 10}
      """;

  @Test
  void expandsEveryAxisIntoStablyNamedCells() {
    GridSpec spec = GridSpec.parse(SPEC);
    assertEquals(
        List.of("ema", "kflo-tl", "plain", "kflo-2x4"),
        spec.methods().stream().map(GridMethod::name).toList());
    List<GridCell> cells = spec.cells();
    assertEquals(2 * 4 * 3, cells.size());
    assertEquals("cifar10-f0.4-cifar-quick-ema-e10-s1", cells.get(0).name());
    assertEquals("cifar100-f0.4-cifar-quick-kflo-2x4-e10-s3", cells.get(cells.size() - 1).name());
    assertEquals(cells.size(), cells.stream().map(GridCell::name).distinct().count());
  }

  @Test
  void cellsRunTrainOrTransferWithTheirOptions() {
    List<GridCell> cells = GridSpec.parse(SPEC).cells();
    Path dir = Path.of("g/cells/x");
    assertEquals(
        List.of(
            "train",
            "--dataset",
            "cifar10",
            "--fraction",
            "0.4",
            "--arch",
            "cifar-quick",
            "--reparam",
            "plain",
            "--seed",
            "1",
            "--epochs",
            "10",
            "--ema",
            "0.999",
            "--out",
            dir.toString()),
        cells.get(0).arguments(dir));
    assertEquals(
        List.of(
            "transfer",
            "--from",
            "m1,m2",
            "--dataset",
            "cifar10",
            "--fraction",
            "0.4",
            "--arch",
            "cifar-quick",
            "--reparam",
            "kflo:2x2",
            "--seed",
            "1",
            "--epochs",
            "10",
            "--out",
            dir.toString()),
        cells.get(3).arguments(dir));
  }

  @Test
  void badSpecsNameTheFieldAndWhatWasExpected() {
    assertEquals(
        "grid spec has unknown keys [seed]; known keys: [architectures, datasets, epochs, fractions, "
            + "methods, name, parameterizations, seeds]",
        error("{\"name\": \"g\", \"seed\": [1]}"));
    assertEquals(
        "field 'seeds' must not be empty",
        error(
            """
        {"name": "g", "datasets": ["cifar10"], "architectures": ["cifar-quick"], "parameterizations": ["plain"],
         "seeds": [], "epochs": 1}"""));
    assertEquals(
        "method name 'plain' is used twice",
        error(
            """
        {"name": "g", "datasets": ["cifar10"], "architectures": ["cifar-quick"], "parameterizations": ["plain"],
         "methods": [{"name": "plain", "reparam": "kflo"}], "seeds": [1], "epochs": 1}"""));
    assertEquals(
        "fractions must be in (0, 1], got 1.5",
        error(
            """
        {"name": "g", "datasets": ["cifar10"], "fractions": [1.5], "architectures": ["cifar-quick"],
         "parameterizations": ["plain"], "seeds": [1], "epochs": 1}"""));
    assertEquals(
        "missing field 'epochs'",
        error(
            """
        {"name": "g", "datasets": ["cifar10"], "architectures": ["cifar-quick"], "parameterizations": ["plain"],
         "seeds": [1]}"""));
    assertEquals(
        "method name 'Plain EMA' must match [a-z0-9][a-z0-9.-]*",
        error(
            """
        {"name": "g", "datasets": ["cifar10"], "architectures": ["cifar-quick"],
         "methods": [{"name": "Plain EMA", "reparam": "plain"}], "seeds": [1], "epochs": 1}"""));
  }

  @Test
  void yamlSpecReadsAsTheSameGridAsItsJsonForm(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("cq-small.yaml");
    Files.writeString(
        yaml,
        """
        # the same grid as SPEC
        name: cq-small
        datasets: [cifar10, cifar100]
        fractions: [0.4]
        architectures: [cifar-quick]
        methods:
          - {name: ema, reparam: plain, arguments: ["--ema", "0.999"]}
          - name: kflo-tl
            reparam: "kflo:2x2"
            transferFrom: [m1, m2]
        parameterizations: [plain, "kflo:2x4"]
        seeds: [1, 2, 3]
        epochs: 10
        """);
    assertEquals(GridSpec.parse(SPEC), GridSpec.read(yaml));
    assertEquals(GridSpec.parse(SPEC), GridSpec.parse(GridSpec.readAsJson(yaml)));

    Path json = dir.resolve("cq-small.json");
    Files.writeString(json, SPEC);
    assertEquals(SPEC, GridSpec.readAsJson(json));
  }

  @Test
  void badYamlNamesTheFileAndTheProblem(@TempDir Path dir) throws Exception {
    Path duplicate = dir.resolve("dup.yml");
    Files.writeString(duplicate, "name: a\nname: b\n");
    String message =
        assertThrows(IllegalArgumentException.class, () -> GridSpec.readAsJson(duplicate))
            .getMessage();
    assertTrue(message.startsWith("grid spec " + duplicate + ": malformed YAML: "), message);
    assertTrue(message.contains("found duplicate key name"), message);

    Path list = dir.resolve("list.yaml");
    Files.writeString(list, "- cifar10\n- cifar100\n");
    assertEquals(
        "grid spec " + list + ": grid spec must be a JSON object, got [\"cifar10\",\"cifar100\"]",
        assertThrows(IllegalArgumentException.class, () -> GridSpec.read(list)).getMessage());
  }

  @Test
  void everySpecInTheRepositoryParses() throws Exception {
    Path grids = Path.of("..", "grids");
    List<Path> specs;
    try (var files = Files.list(grids)) {
      specs = files.filter(f -> f.toString().matches(".*\\.(json|ya?ml)")).sorted().toList();
    }
    assertTrue(specs.size() >= 2, "specs in " + grids.toAbsolutePath() + ": " + specs);
    assertTrue(specs.stream().anyMatch(f -> f.toString().endsWith(".yaml")), specs.toString());
    for (Path spec : specs) {
      GridSpec grid = GridSpec.read(spec);
      assertEquals(
          spec.getFileName().toString().replaceFirst("\\.(json|ya?ml)$", ""),
          grid.name(),
          spec.toString());
    }
  }

  private static String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> GridSpec.parse(json)).getMessage();
  }
}
