package io.kflo4j.savedmodels;

import io.kflo4j.savedmodels.metadata.ExportMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What an export wrote and how it was verified.
 *
 * @param directory the SavedModel directory
 * @param metadata the metadata written into it
 * @param content the variables found in it
 * @param equivalence the comparison with the trained network
 * @param elapsed how long the export took
 */
public record ExportReport(
    Path directory,
    ExportMetadata metadata,
    ContentCheck.Report content,
    Equivalence equivalence,
    Duration elapsed) {

  /** A few lines for people. */
  public String format() {
    return String.format(
        Locale.ROOT,
        "exported %s%n  model: %s%n  graph: %s%n  variables: %d, parameters: %,d "
            + "(plain architecture: %,d)%n  verified: %s%n  took %.1f s%n",
        directory,
        metadata,
        content.graph(),
        content.variables(),
        content.parameters(),
        content.plainParameters(),
        equivalence,
        elapsed.toMillis() / 1000.0);
  }
}
