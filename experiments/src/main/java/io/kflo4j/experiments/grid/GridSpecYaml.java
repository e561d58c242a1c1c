package io.kflo4j.experiments.grid;

import io.kflo4j.common.json.Json;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A YAML grid spec read as its JSON form, bounded: SnakeYAML's safe loader (no duplicate keys, at
 * most {@value #MAX_ALIASES} aliases of lists or maps, {@value #MAX_NESTING} levels of nesting),
 * and a document that expands to more than {@value #MAX_VALUES} values (a "billion laughs" of
 * aliases of aliases) is refused before it is expanded into JSON.
 */
final class GridSpecYaml {
  /** Aliases of lists or maps a spec may use (a spec needs few, if any). */
  static final int MAX_ALIASES = 20;

  /** Nesting levels of lists and maps. */
  static final int MAX_NESTING = 20;

  /** Values (scalars, lists, maps) the document may hold once every alias is expanded. */
  static final int MAX_VALUES = 100_000;

  private GridSpecYaml() {}

  /**
   * YAML text as the equivalent JSON text.
   *
   * @throws IllegalArgumentException if the YAML is malformed, holds duplicate keys, or is larger
   *     than a grid spec can be
   */
  static String toJson(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(GridSpec.MAX_FILE_BYTES);
    Object document;
    try {
      document = new Yaml(new SafeConstructor(options)).load(yaml);
    } catch (YAMLException e) {
      if (String.valueOf(e.getMessage()).startsWith("Number of aliases")) {
        throw new IllegalArgumentException(
            "the YAML uses more than "
                + MAX_ALIASES
                + " aliases of lists or maps; a grid spec needs few",
            e);
      }
      throw new IllegalArgumentException("malformed YAML: " + e.getMessage(), e);
    }
    checkExpandedSize(document);
    return Json.write(document);
  }

  /** Counts the document's values as JSON would write them, stopping past the limit. */
  private static void checkExpandedSize(Object document) {
    Deque<Object> pending = new ArrayDeque<>();
    pending.push(document == null ? "" : document);
    long values = 0;
    while (!pending.isEmpty()) {
      Object value = pending.pop();
      if (++values > MAX_VALUES) {
        throw new IllegalArgumentException(
            "the YAML expands to more than "
                + MAX_VALUES
                + " values (aliases of aliases?); a grid spec is far smaller");
      }
      if (value instanceof Map<?, ?> map) {
        map.values().forEach(v -> pending.push(v == null ? "" : v));
      } else if (value instanceof Collection<?> collection) {
        collection.forEach(v -> pending.push(v == null ? "" : v));
      }
    }
  }
}
