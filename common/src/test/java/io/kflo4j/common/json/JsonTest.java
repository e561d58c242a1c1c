package io.kflo4j.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
  record Sample(String name, double value, List<Integer> counts, Map<String, String> extras) {
    Sample {
      if (name == null) {
        throw new IllegalArgumentException("name is required");
      }
    }
  }

  @Test
  void recordsRoundTripWithNullsAndSpecialValuesWritten(@TempDir Path dir) throws Exception {
    Sample sample = new Sample("a<b", Double.NaN, List.of(1, 2), null);
    String text = Json.write(sample);
    assertEquals(
        "{\n  \"name\": \"a<b\",\n  \"value\": NaN,\n  \"counts\": [\n    1,\n    2\n  ],\n"
            + "  \"extras\": null\n}",
        text);
    assertEquals(sample, Json.read(text, Sample.class, "sample"));

    Path file = dir.resolve("sample.json");
    Json.writeFile(file, sample);
    assertEquals(text + "\n", Files.readString(file));
    assertEquals(sample, Json.readFile(file, Sample.class));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  record Located(Path file, Path absent) {}

  @Test
  void pathsAreWrittenAsGivenAndReadBack() {
    Located located = new Located(Path.of("runs", "a b"), null);
    String text = Json.write(located);
    assertEquals("{\n  \"file\": \"runs/a b\",\n  \"absent\": null\n}", text);
    assertEquals(located, Json.read(text, Located.class, "located"));
  }

  @Test
  void errorsNameWhatWasReadAndWhatIsWrong() {
    assertEquals(
        "invalid sample: name is required",
        assertThrows(IllegalArgumentException.class, () -> Json.read("{}", Sample.class, "sample"))
            .getMessage());
    assertEquals(
        "empty sample",
        assertThrows(IllegalArgumentException.class, () -> Json.read("", Sample.class, "sample"))
            .getMessage());
    String malformed =
        assertThrows(
                IllegalArgumentException.class,
                () -> Json.read("{\"name\": [", Sample.class, "sample"))
            .getMessage();
    assertTrue(malformed.startsWith("malformed sample: "), malformed);
    assertEquals(1, malformed.lines().count(), malformed);
    assertFalse(malformed.contains("gson") || malformed.contains("Exception"), malformed);
    String object =
        assertThrows(
                IllegalArgumentException.class,
                () -> Json.readObject("{\"name\": ", List.of("name"), "spec"))
            .getMessage();
    assertTrue(object.startsWith("malformed spec: "), object);
    assertFalse(object.contains("gson") || object.contains("Exception"), object);
    assertEquals(
        "spec has unknown keys [nmae, zz]; known keys: [name, value]",
        assertThrows(
                IllegalArgumentException.class,
                () -> Json.readObject("{\"nmae\": 1, \"zz\": 2}", List.of("value", "name"), "spec"))
            .getMessage());
    assertEquals(
        "spec must be a JSON object, got [1]",
        assertThrows(
                IllegalArgumentException.class,
                () -> Json.readObject("[1]", List.of("name"), "spec"))
            .getMessage());
  }
}
