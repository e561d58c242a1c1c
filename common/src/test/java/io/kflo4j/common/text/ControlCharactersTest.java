package io.kflo4j.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ControlCharactersTest {
  @Test
  void aNewlineInANameStaysOnOneLine() {
    String forged = "cat\n2026-01-01 00:00:00.000 INFO  Trainer - forged line";
    assertEquals(
        "cat\\n2026-01-01 00:00:00.000 INFO  Trainer - forged line",
        ControlCharacters.escape(forged));
    assertEquals(1, ControlCharacters.escape(forged).lines().count());
  }

  @Test
  void everyControlCharacterIsEscapedAndBackslashesKeepItUnambiguous() {
    assertEquals("a\\tb\\rc\\u001bd\\u007fe", ControlCharacters.escape("a\tb\rc\u001bd\u007fe"));
    assertEquals("a\\\\nb", ControlCharacters.escape("a\\nb"));
    assertEquals("/data/cat", ControlCharacters.escape(Path.of("/data/cat")));
  }

  @Test
  void oneLineEscapesControlCharactersAndKeepsWhatIsEscapedAlready() {
    String escapedName = ControlCharacters.escape("a\nb");
    assertEquals(
        "error: a\\nb and c\\nd", ControlCharacters.oneLine("error: " + escapedName + " and c\nd"));
  }

  @Test
  void anyFindsControlCharactersOnly() {
    assertTrue(ControlCharacters.any("a\nb"));
    assertTrue(ControlCharacters.any("\u0085"));
    assertFalse(ControlCharacters.any("spaces, $(quotes) 'and' \"more\" ü"));
  }
}
