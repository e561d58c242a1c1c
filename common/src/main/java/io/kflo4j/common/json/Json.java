package io.kflo4j.common.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import io.kflo4j.common.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The one JSON form of every file kflo4j writes (run configuration, summaries, checkpoint state,
 * export metadata, evaluation reports, data-set markers): Gson, pretty-printed, nulls written,
 * {@code NaN} and infinities allowed, no HTML escaping; files written atomically with a final
 * newline. Records map to objects by their component names, paths to their string form. Reading
 * refuses unknown top-level keys where a caller names the known ones (a typo must not be silently
 * ignored) and turns every parse problem into an {@link IllegalArgumentException} naming what was
 * read.
 */
public final class Json {
  private static final Gson GSON =
      new GsonBuilder()
          .setPrettyPrinting()
          .serializeNulls()
          .serializeSpecialFloatingPointValues()
          .disableHtmlEscaping()
          .registerTypeHierarchyAdapter(Path.class, new PathAdapter().nullSafe())
          .create();

  /** Paths as their string form, relative ones kept relative. */
  private static final class PathAdapter extends TypeAdapter<Path> {
    @Override
    public void write(JsonWriter out, Path path) throws IOException {
      out.value(path.toString());
    }

    @Override
    public Path read(JsonReader in) throws IOException {
      return Path.of(in.nextString());
    }
  }

  private Json() {}

  /**
   * The shared Gson instance (for type adapters and streaming where the methods below fall short).
   */
  public static Gson gson() {
    return GSON;
  }

  /** {@code value} as pretty-printed JSON text (no final newline). */
  public static String write(Object value) {
    return GSON.toJson(value);
  }

  /**
   * Parses {@code text} into {@code type}.
   *
   * @param what names the text in errors, e.g. "summary JSON" or a file name
   * @throws IllegalArgumentException if the text is empty or malformed, or the type's constructor
   *     refuses the values (its message kept)
   */
  public static <T> T read(String text, Class<T> type, String what) {
    T value;
    try {
      value = GSON.fromJson(text, type);
    } catch (JsonParseException | NumberFormatException | IllegalStateException e) {
      throw new IllegalArgumentException("malformed " + what + ": " + reason(e), e);
    } catch (RuntimeException e) {
      // Gson wraps what a record's canonical constructor throws.
      if (e.getCause() instanceof IllegalArgumentException cause) {
        throw new IllegalArgumentException("invalid " + what + ": " + cause.getMessage(), e);
      }
      throw e;
    }
    if (value == null) {
      throw new IllegalArgumentException("empty " + what);
    }
    return value;
  }

  /**
   * What is wrong with malformed JSON, in one line: the parser's own words ({@code Unterminated
   * object at line 1 column 30 path $.name}) without the library's class names or its help links.
   */
  static String reason(RuntimeException e) {
    Throwable innermost = e;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    String message = innermost.getMessage() == null ? "" : innermost.getMessage();
    message =
        message
            .replaceFirst("^([a-z][a-z0-9_]*\\.)+[A-Z]\\w*: ", "")
            .replaceFirst("^For input string: ", "not a number: ");
    String firstLine = message.lines().findFirst().orElse("").strip();
    return firstLine.isEmpty() ? "not valid JSON" : firstLine;
  }

  /**
   * Parses {@code text} as a JSON object, refusing keys outside {@code known}.
   *
   * @param what names the text in errors
   * @throws IllegalArgumentException if the text is malformed, not an object or has an unknown key
   */
  public static JsonObject readObject(String text, Collection<String> known, String what) {
    JsonElement element;
    try {
      element = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("malformed " + what + ": " + reason(e), e);
    }
    if (!element.isJsonObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object, got " + element);
    }
    JsonObject object = element.getAsJsonObject();
    checkKeys(object, known, what);
    return object;
  }

  /**
   * Refuses keys of {@code object} outside {@code known}.
   *
   * @param what names the object in the error
   * @throws IllegalArgumentException listing the unknown keys and the known ones
   */
  public static void checkKeys(JsonObject object, Collection<String> known, String what) {
    List<String> unknown =
        object.keySet().stream().filter(k -> !known.contains(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          what
              + " has unknown keys "
              + unknown
              + "; known keys: "
              + known.stream().sorted().toList());
    }
  }

  /**
   * Writes {@code value} to {@code file} atomically ({@link AtomicFiles#writeString}), with a final
   * newline.
   *
   * @throws IOException if writing fails; the file is then unchanged
   */
  public static void writeFile(Path file, Object value) throws IOException {
    AtomicFiles.writeString(file, write(value) + "\n");
  }

  /**
   * Reads {@code file} into {@code type}.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the file, if its JSON is malformed or invalid
   */
  public static <T> T readFile(Path file, Class<T> type) throws IOException {
    return read(Files.readString(file, StandardCharsets.UTF_8), type, file.toString());
  }
}
