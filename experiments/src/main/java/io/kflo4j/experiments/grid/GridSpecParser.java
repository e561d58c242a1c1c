package io.kflo4j.experiments.grid;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.kflo4j.common.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a {@link GridSpec} from its JSON or YAML text: checks the fields present and their types,
 * then builds the record (which validates the values).
 */
final class GridSpecParser {
  private static final Set<String> KEYS =
      Set.of(
          "name",
          "datasets",
          "fractions",
          "architectures",
          "methods",
          "parameterizations",
          "seeds",
          "epochs");
  private static final Set<String> METHOD_KEYS =
      Set.of("name", "reparam", "transferFrom", "arguments", "ensembleOf");

  private GridSpecParser() {}

  /** See {@link GridSpec#readAsJson}. */
  static String readAsJson(Path file) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) > GridSpec.MAX_FILE_BYTES) {
      throw new IllegalArgumentException(
          "grid spec "
              + file
              + " is "
              + Files.size(file)
              + " bytes; a grid spec is at most "
              + GridSpec.MAX_FILE_BYTES);
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!fileName.endsWith(".yaml") && !fileName.endsWith(".yml")) {
      return text;
    }
    try {
      return GridSpecYaml.toJson(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("grid spec " + file + ": " + e.getMessage(), e);
    }
  }

  /** See {@link GridSpec#parse(String, Path)}. */
  static GridSpec parse(String json, Path source) {
    try {
      return parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("grid spec " + source + ": " + e.getMessage(), e);
    }
  }

  /** See {@link GridSpec#parse(String)}. */
  static GridSpec parse(String json) {
    JsonObject o = Json.readObject(json, KEYS, "grid spec");
    List<GridMethod> methods = new ArrayList<>();
    if (o.has("methods")) {
      for (JsonElement element : array(o, "methods")) {
        if (!element.isJsonObject()) {
          throw new IllegalArgumentException("each of 'methods' must be an object, got " + element);
        }
        JsonObject m = element.getAsJsonObject();
        Json.checkKeys(m, METHOD_KEYS, "method " + m);
        methods.add(
            new GridMethod(
                string(m, "name"),
                m.has("ensembleOf") && !m.has("reparam") ? "" : string(m, "reparam"),
                m.has("transferFrom") ? strings(m, "transferFrom") : List.of(),
                m.has("arguments") ? strings(m, "arguments") : List.of(),
                m.has("ensembleOf") ? strings(m, "ensembleOf") : List.of()));
      }
    }
    if (o.has("parameterizations")) {
      for (String reparam : strings(o, "parameterizations")) {
        methods.add(
            new GridMethod(
                reparam.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-"),
                reparam,
                List.of(),
                List.of()));
      }
    }
    List<Double> fractions = new ArrayList<>();
    if (o.has("fractions")) {
      array(o, "fractions").forEach(e -> fractions.add(number(e, "fractions").doubleValue()));
    } else {
      fractions.add(1.0);
    }
    List<Long> seeds = new ArrayList<>();
    array(o, "seeds")
        .forEach(e -> seeds.add(wholeNumber(e, "each seed", Long.MIN_VALUE, Long.MAX_VALUE)));
    if (!o.has("epochs")) {
      throw new IllegalArgumentException("missing field 'epochs'");
    }
    return new GridSpec(
            string(o, "name"),
            strings(o, "datasets"),
            fractions,
            strings(o, "architectures"),
            methods,
            seeds,
            (int) wholeNumber(o.get("epochs"), "field 'epochs'", 1, GridSpec.MAX_EPOCHS))
        .checkDistinctCells();
  }

  private static JsonArray array(JsonObject o, String key) {
    JsonElement element = o.get(key);
    if (element == null || !element.isJsonArray()) {
      throw new IllegalArgumentException("field '" + key + "' must be a JSON array");
    }
    return element.getAsJsonArray();
  }

  private static String string(JsonObject o, String key) {
    JsonElement element = o.get(key);
    if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException("field '" + key + "' must be a string");
    }
    return element.getAsString();
  }

  private static List<String> strings(JsonObject o, String key) {
    List<String> values = new ArrayList<>();
    for (JsonElement element : array(o, key)) {
      if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
        throw new IllegalArgumentException("field '" + key + "' must hold strings, got " + element);
      }
      values.add(element.getAsString());
    }
    return values;
  }

  private static Number number(JsonElement element, String key) {
    if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException("field '" + key + "' must hold numbers, got " + element);
    }
    return element.getAsNumber();
  }

  /**
   * A JSON number that is a whole number from {@code min} to {@code max}: {@code 2.5} and {@code
   * 1e30} (past a seed's 64 bits) are refused, not rounded.
   *
   * @param what the value for the message, e.g. {@code field 'epochs'}
   */
  private static long wholeNumber(JsonElement element, String what, long min, long max) {
    if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(what + " must be a number, got " + element);
    }
    BigDecimal value = new BigDecimal(element.getAsString());
    boolean whole = value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    if (!whole
        || value.compareTo(BigDecimal.valueOf(min)) < 0
        || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw new IllegalArgumentException(
          what
              + " must be a whole number"
              + (min == Long.MIN_VALUE ? " (64 bits)" : " from " + min + " to " + max)
              + ", got "
              + element);
    }
    return value.longValueExact();
  }
}
