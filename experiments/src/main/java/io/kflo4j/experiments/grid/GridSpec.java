package io.kflo4j.experiments.grid;

import io.kflo4j.common.text.ControlCharacters;
import io.kflo4j.training.config.RunSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A grid of runs: the axes whose product gives the cells. Written as JSON or YAML (docs/GRIDS.md):
 *
 * <pre>{@code
 * {"name": "cq-small", "datasets": ["cifar10"], "fractions": [1.0], "architectures": ["cifar-quick"],
 *  "methods": [{"name": "plain", "reparam": "plain"},
 *              {"name": "ema", "reparam": "plain", "arguments": ["--ema", "0.999"]}],
 *  "parameterizations": ["kflo:2x4"], "seeds": [1, 2, 3], "epochs": 10}
 * }</pre>
 *
 * <p>{@code parameterizations} is a shorthand for methods named after the spec ({@code kflo:2x4}
 * becomes {@code kflo-2x4}); a method may name {@code transferFrom} sources. {@code fractions}
 * defaults to {@code [1.0]}.
 *
 * @param name the grid's name
 * @param datasets dataset specs
 * @param fractions training-set fractions
 * @param architectures architecture specs
 * @param methods the methods, in table order
 * @param seeds the seeds
 * @param epochs epochs per cell
 */
public record GridSpec(
    String name,
    List<String> datasets,
    List<Double> fractions,
    List<String> architectures,
    List<GridMethod> methods,
    List<Long> seeds,
    int epochs) {
  /** The most seeds a grid may list. */
  public static final int MAX_SEEDS = 1000;

  /** The most epochs a cell may train. */
  public static final int MAX_EPOCHS = 10_000;

  /** The largest spec file read, in bytes (and characters of YAML). */
  public static final int MAX_FILE_BYTES = 1_000_000;

  /** The most cells a grid may have. */
  public static final int MAX_CELLS = 10_000;

  /**
   * Validates every axis: non-empty, no value twice, method names unique, a name that is a plain
   * directory name, epochs in 1..{@value #MAX_EPOCHS}, at most {@value #MAX_SEEDS} seeds and
   * {@value #MAX_CELLS} cells ({@link #parse} also refuses two cells of one name: every cell is its
   * own directory).
   */
  public GridSpec {
    if (name == null || !RunSettings.isPlainName(name)) {
      throw new IllegalArgumentException(
          "field 'name' must be a plain directory name (letters, digits, '.', '_', '-', starting"
              + " with a letter or digit: it names the grid's directory), got "
              + (name == null ? "nothing" : "'" + ControlCharacters.escape(name) + "'"));
    }
    datasets = distinct("datasets", datasets);
    fractions = distinct("fractions", fractions);
    architectures = distinct("architectures", architectures);
    methods = nonEmpty("methods (or parameterizations)", methods);
    seeds = distinct("seeds", seeds);
    if (epochs < 1 || epochs > MAX_EPOCHS) {
      throw new IllegalArgumentException(
          "field 'epochs' must be a whole number from 1 to " + MAX_EPOCHS + ", got " + epochs);
    }
    if (seeds.size() > MAX_SEEDS) {
      throw new IllegalArgumentException(
          "field 'seeds' lists " + seeds.size() + " seeds; a grid takes at most " + MAX_SEEDS);
    }
    Set<String> names = new HashSet<>();
    for (GridMethod method : methods) {
      checkReferences(method, names);
      if (!names.add(method.name())) {
        throw new IllegalArgumentException("method name '" + method.name() + "' is used twice");
      }
    }
    for (double fraction : fractions) {
      if (!(fraction > 0 && fraction <= 1)) {
        throw new IllegalArgumentException("fractions must be in (0, 1], got " + fraction);
      }
    }
    long cells =
        (long) datasets.size()
            * fractions.size()
            * architectures.size()
            * methods.size()
            * seeds.size();
    if (cells > MAX_CELLS) {
      throw new IllegalArgumentException(
          "the grid has " + cells + " cells; a grid takes at most " + MAX_CELLS);
    }
  }

  private static final java.util.regex.Pattern CELL_REFERENCE =
      java.util.regex.Pattern.compile("\\{cell:([^}]*)\\}");

  /**
   * Refuses a method that refers ({@code ensembleOf}, {@code {cell:METHOD}}) to a method not listed
   * before it: cells run in the spec's order, so what a cell uses must come first.
   */
  private static void checkReferences(GridMethod method, Set<String> earlier) {
    for (String name : references(method)) {
      if (!earlier.contains(name)) {
        throw new IllegalArgumentException(
            "method '"
                + method.name()
                + "' refers to method '"
                + name
                + "', which is not listed before it");
      }
    }
  }

  /**
   * Whether {@code cell} uses {@code other}: {@code other} has the same settings but a method that
   * {@code cell}'s method refers to.
   */
  public boolean refersTo(GridCell cell, GridCell other) {
    return other.dataset().equals(cell.dataset())
        && other.fraction() == cell.fraction()
        && other.arch().equals(cell.arch())
        && other.seed() == cell.seed()
        && other.epochs() == cell.epochs()
        && references(cell.method()).contains(other.method().name());
  }

  /** The methods {@code method} refers to: its ensemble and its {@code {cell:METHOD}}s. */
  private static List<String> references(GridMethod method) {
    List<String> referred = new ArrayList<>(method.ensembleOf());
    List<String> texts = new ArrayList<>(method.arguments());
    texts.addAll(method.transferFrom());
    for (String text : texts) {
      java.util.regex.Matcher matcher = CELL_REFERENCE.matcher(text);
      while (matcher.find()) {
        referred.add(matcher.group(1));
      }
    }
    return referred;
  }

  /** Every cell, axes varying in the order datasets, fractions, architectures, methods, seeds. */
  public List<GridCell> cells() {
    List<GridCell> cells = new ArrayList<>();
    for (String dataset : datasets) {
      for (double fraction : fractions) {
        for (String arch : architectures) {
          for (GridMethod method : methods) {
            for (long seed : seeds) {
              cells.add(new GridCell(dataset, fraction, arch, method, seed, epochs));
            }
          }
        }
      }
    }
    return cells;
  }

  /**
   * Refuses two cells that would share one run directory (their names are equal).
   *
   * @return this spec
   */
  GridSpec checkDistinctCells() {
    Map<String, GridCell> byName = new HashMap<>();
    for (GridCell cell : cells()) {
      GridCell other = byName.putIfAbsent(cell.name(), cell);
      if (other != null) {
        throw new IllegalArgumentException(
            "two cells would share the directory cells/"
                + cell.name()
                + " ("
                + other.describe()
                + "; "
                + cell.describe()
                + "): make the values that differ distinct in the cell names (e.g. folders of"
                + " different names)");
      }
    }
    return this;
  }

  /**
   * Reads a spec file.
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException naming the file and what is wrong
   */
  public static GridSpec read(Path file) throws IOException {
    return parse(readAsJson(file), file);
  }

  /**
   * A spec file's text as JSON: a {@code .yaml} or {@code .yml} file is read by {@link
   * GridSpecYaml} (duplicate keys and alias bombs refused) and written out as the equivalent JSON;
   * any other file is returned as it is. A file over {@value #MAX_FILE_BYTES} bytes is refused.
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException naming the file, if it is too large or its YAML is malformed
   */
  public static String readAsJson(Path file) throws IOException {
    return GridSpecParser.readAsJson(file);
  }

  /**
   * Parses a spec read from {@code source}.
   *
   * @throws IllegalArgumentException naming the source, the field and what was expected
   */
  public static GridSpec parse(String json, Path source) {
    return GridSpecParser.parse(json, source);
  }

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException naming the field and what was expected
   */
  public static GridSpec parse(String json) {
    return GridSpecParser.parse(json);
  }

  /** {@link #nonEmpty}, refusing a value listed twice. */
  private static <T> List<T> distinct(String field, List<T> values) {
    List<T> copy = nonEmpty(field, values);
    Set<T> seen = new HashSet<>();
    for (T value : copy) {
      if (!seen.add(value)) {
        throw new IllegalArgumentException(
            "field '" + field + "' lists " + ControlCharacters.escape(value) + " twice");
      }
    }
    return copy;
  }

  private static <T> List<T> nonEmpty(String field, List<T> values) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("field '" + field + "' must not be empty");
    }
    return List.copyOf(values);
  }
}
