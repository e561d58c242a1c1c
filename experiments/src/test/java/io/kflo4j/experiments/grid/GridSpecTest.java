package io.kflo4j.experiments.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  /** A spec of one dataset, architecture and method with the given fields in JSON. */
  private static String spec(String fields) {
    return """
        {"name": "g", "datasets": ["cifar10"], "architectures": ["cifar-quick"],
         "parameterizations": ["plain"], %s}"""
        .formatted(fields);
  }

  @Test
  void seedsAndEpochsMustBeWholeNumbersNotRounded() {
    String seed = "each seed must be a whole number (64 bits), got ";
    String epochs = "field 'epochs' must be a whole number from 1 to 10000, got ";
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("\"seeds\": [1, 1.5], \"epochs\": 1", seed + "1.5");
    refused.put("\"seeds\": [1e30], \"epochs\": 1", seed + "1e30");
    refused.put("\"seeds\": [1], \"epochs\": 2.5", epochs + "2.5");
    refused.put("\"seeds\": [1], \"epochs\": 1e10", epochs + "1e10");
    refused.put("\"seeds\": [1], \"epochs\": 0", epochs + "0");
    refused.forEach((fields, message) -> assertEquals(message, error(spec(fields)), fields));
    assertEquals(
        List.of(3L, 4L), GridSpec.parse(spec("\"seeds\": [3.0, 4], \"epochs\": 2")).seeds());
  }

  @Test
  void absurdSeedCountsAndRepeatedValuesAreRefused() {
    String seeds =
        java.util.stream.LongStream.rangeClosed(1, 1001)
            .mapToObj(Long::toString)
            .collect(java.util.stream.Collectors.joining(","));
    assertEquals(
        "field 'seeds' lists 1001 seeds; a grid takes at most 1000",
        error(spec("\"seeds\": [" + seeds + "], \"epochs\": 1")));
    assertEquals("field 'seeds' lists 1 twice", error(spec("\"seeds\": [1, 2, 1], \"epochs\": 1")));
  }

  @Test
  void aNameThatIsNotAPlainDirectoryNameIsRefused() {
    for (String name : List.of("../escape", "a/b", ".hidden", "")) {
      assertEquals(
          "field 'name' must be a plain directory name (letters, digits, '.', '_', '-', starting"
              + " with a letter or digit: it names the grid's directory), got '"
              + name
              + "'",
          error(spec("\"seeds\": [1], \"epochs\": 1").replace("\"g\"", "\"" + name + "\"")));
    }
  }

  @Test
  void cellsThatWouldShareADirectoryAreRefused() {
    assertEquals(
        "two cells would share the directory cells/folder-good-cifar-quick-plain-e1-s1 (dataset"
            + " folder:/a/good, fraction 1, arch cifar-quick, method plain, seed 1; dataset"
            + " folder:/b/good, fraction 1, arch cifar-quick, method plain, seed 1): make the"
            + " values that differ distinct in the cell names (e.g. folders of different names)",
        error(
            spec("\"seeds\": [1], \"epochs\": 1")
                .replace("[\"cifar10\"]", "[\"folder:/a/good\", \"folder:/b/good\"]")));
  }

  @Test
  void aGridWhoseRecordedSpecCrossesCellsIsNotTabulated(@TempDir Path grid) throws Exception {
    Files.writeString(
        grid.resolve(GridRunner.SPEC_FILE), spec("\"seeds\": [1, 1.5], \"epochs\": 1"));
    assertEquals(
        "grid spec "
            + grid.resolve(GridRunner.SPEC_FILE)
            + ": each seed must be a whole number (64 bits), got 1.5",
        assertThrows(IllegalArgumentException.class, () -> GridTable.read(grid, "method", "arch"))
            .getMessage());
  }

  /**
   * A billion laughs below SnakeYAML's own limit of 50 aliases: 24 levels of two aliases each, 2^24
   * strings once expanded; refused at once, on one line.
   */
  @Test
  void aYamlAliasBombIsRefusedWithinASecond(@TempDir Path dir) throws Exception {
    StringBuilder yaml = new StringBuilder("name: bomb\nl0: &l0 [lol, lol]\n");
    for (int level = 1; level <= 24; level++) {
      yaml.append("l%d: &l%d [*l%d, *l%d]\n".formatted(level, level, level - 1, level - 1));
    }
    Path bomb = Files.writeString(dir.resolve("bomb.yaml"), yaml);
    assertEquals(
        "grid spec "
            + bomb
            + ": the YAML uses more than 20 aliases of lists or maps; a grid spec needs few",
        refusedWithinASecond(bomb));
  }

  private static String refusedWithinASecond(Path spec) {
    long start = System.nanoTime();
    String message =
        assertThrows(IllegalArgumentException.class, () -> GridSpec.read(spec)).getMessage();
    assertTrue(System.nanoTime() - start < 1_000_000_000L, "took more than a second");
    return message;
  }

  /** Few aliases of one wide list: within the alias limit, refused by its expanded size. */
  @Test
  void aYamlDocumentThatExpandsPastTheLimitIsRefused(@TempDir Path dir) throws Exception {
    String wide = "[" + "x, ".repeat(6000) + "x]";
    Path bomb =
        Files.writeString(
            dir.resolve("wide.yaml"),
            "name: wide\nbase: &w " + wide + "\nseeds: [" + "*w, ".repeat(19) + "*w]\n");
    assertEquals(
        "grid spec "
            + bomb
            + ": the YAML expands to more than 100000 values (aliases of aliases?); a grid spec"
            + " is far smaller",
        refusedWithinASecond(bomb));
  }

  private static String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> GridSpec.parse(json)).getMessage();
  }
}
