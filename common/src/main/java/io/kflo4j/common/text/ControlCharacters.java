package io.kflo4j.common.text;

/**
 * Control characters in names that reach a log line, an error message or a generated script: a
 * newline in a file name would otherwise forge a log line, split a one-line error, or end a line of
 * a shell script.
 */
public final class ControlCharacters {
  private ControlCharacters() {}

  /** Whether {@code text} holds a control character (U+0000..U+001F, U+007F..U+009F). */
  public static boolean any(String text) {
    return text.chars().anyMatch(Character::isISOControl);
  }

  /**
   * {@code text} with every control character escaped as Java writes it ({@code \n}, {@code \t},
   * {@code \r}, else {@code \}{@code u00XX}) and every backslash doubled, so the result is one line
   * that tells the original apart from any other.
   */
  public static String escape(String text) {
    return escape(text, true);
  }

  /**
   * {@code text} with its control characters escaped as {@link #escape} does, backslashes kept: for
   * a line that may already hold escaped names (a one-line error), which would otherwise be escaped
   * twice.
   */
  public static String oneLine(String text) {
    return escape(text, false);
  }

  private static String escape(String text, boolean backslashes) {
    if (!any(text) && (!backslashes || text.indexOf('\\') < 0)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append(backslashes ? "\\\\" : "\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** {@link #escape} of an object's text ({@code null} stays {@code "null"}). */
  public static String escape(Object value) {
    return escape(String.valueOf(value));
  }
}
