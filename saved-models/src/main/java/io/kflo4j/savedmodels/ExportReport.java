package io.kflo4j.savedmodels;

import io.kflo4j.savedmodels.metadata.ExportMetadata;
import io.kflo4j.savedmodels.onnx.OnnxPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What an export wrote and how it was verified.
 *
 * @param directory the export directory
 * @param metadata the metadata written (its verification is the SavedModel's when one was written,
 *     else the ONNX file's)
 * @param savedModel the SavedModel's checks, when one was written
 * @param onnx the ONNX file's checks, when one was written
 * @param elapsed how long the export took
 */
public record ExportReport(
    Path directory,
    ExportMetadata metadata,
    Optional<SavedModelChecks> savedModel,
    Optional<OnnxChecks> onnx,
    Duration elapsed) {

  /**
   * How the SavedModel was checked.
   *
   * @param content the variables found in it
   * @param equivalence the comparison with the trained network
   */
  public record SavedModelChecks(ContentCheck.Report content, Equivalence equivalence) {}

  /**
   * How {@code model.onnx} was checked.
   *
   * @param file the file
   * @param graph what its graph holds
   * @param equivalence the comparison of ONNX Runtime's logits with the trained network's
   */
  public record OnnxChecks(Path file, OnnxPolicy.Report graph, Equivalence equivalence) {}

  /**
   * The SavedModel's variables.
   *
   * @throws IllegalStateException when no SavedModel was written
   */
  public ContentCheck.Report content() {
    return savedModel
        .orElseThrow(() -> new IllegalStateException("no SavedModel written"))
        .content();
  }

  /** The SavedModel's comparison with the trained network, or the ONNX file's without one. */
  public Equivalence equivalence() {
    return savedModel
        .map(SavedModelChecks::equivalence)
        .orElseGet(() -> onnx.orElseThrow().equivalence());
  }

  /** A few lines for people. */
  public String format() {
    StringBuilder text =
        new StringBuilder(
            String.format(Locale.ROOT, "exported %s%n  model: %s%n", directory, metadata));
    savedModel.ifPresent(
        checks ->
            text.append(
                String.format(
                    Locale.ROOT,
                    "  SavedModel graph: %s%n  variables: %d, parameters: %,d "
                        + "(plain architecture: %,d)%n  verified: %s%n",
                    checks.content().graph(),
                    checks.content().variables(),
                    checks.content().parameters(),
                    checks.content().plainParameters(),
                    checks.equivalence())));
    onnx.ifPresent(
        checks ->
            text.append(
                String.format(
                    Locale.ROOT,
                    "  ONNX: %s (opset %d): %s%n  verified with ONNX Runtime: %s%n",
                    checks.file().getFileName(),
                    io.kflo4j.savedmodels.onnx.OnnxFormat.OPSET,
                    checks.graph(),
                    checks.equivalence())));
    text.append(String.format(Locale.ROOT, "  took %.1f s%n", elapsed.toMillis() / 1000.0));
    return text.toString();
  }
}
