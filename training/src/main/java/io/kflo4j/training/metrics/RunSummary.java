package io.kflo4j.training.metrics;

import io.kflo4j.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a run, written as {@code summary.json} (pretty-printed JSON, field names as
 * below).
 *
 * <p>Accuracies are fractions in {@code [0, 1]}; {@code NaN} (written as JSON {@code NaN}) when
 * never evaluated.
 *
 * @param configName the run's configuration name (e.g. the run name or "cifar10/vgg16/kflo:2x4")
 * @param epochsDone the number of finished epochs
 * @param bestTop1 the best test top-1 over the epochs
 * @param bestTop1Epoch the epoch of {@code bestTop1} (the first one on ties), 0 if never evaluated
 * @param finalTop1 the test top-1 after the last epoch
 * @param bestTop5 the best test top-5 over the epochs
 * @param finalTop5 the test top-5 after the last epoch
 * @param finalTrainLoss the training loss of the last epoch
 * @param totalSeconds the run's wall time, all sessions of a resumed run included
 * @param imagesPerSecond training throughput over the whole run: all training images / all step
 *     time
 * @param extras free-form facts (parameter counts, export checks, ...), in insertion order
 */
public record RunSummary(
    String configName,
    int epochsDone,
    double bestTop1,
    int bestTop1Epoch,
    double finalTop1,
    double bestTop5,
    double finalTop5,
    double finalTrainLoss,
    double totalSeconds,
    double imagesPerSecond,
    Map<String, String> extras) {

  /**
   * Copies {@code extras} (null means none) and checks {@code configName} and {@code epochsDone}.
   */
  public RunSummary {
    if (configName == null || configName.isBlank()) {
      throw new IllegalArgumentException("configName must not be blank, got " + configName);
    }
    if (epochsDone < 0) {
      throw new IllegalArgumentException("epochsDone must be >= 0, got " + epochsDone);
    }
    extras = Collections.unmodifiableMap(new LinkedHashMap<>(extras == null ? Map.of() : extras));
  }

  /**
   * Summarizes the rows of a run.
   *
   * @param configName the configuration name
   * @param rows the run's epochs, oldest first, at least one
   * @param extras free-form facts
   * @return the summary
   */
  public static RunSummary of(
      String configName, List<EpochMetrics> rows, Map<String, String> extras) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no epochs to summarize");
    }
    double bestTop1 = Double.NaN;
    int bestEpoch = 0;
    double bestTop5 = Double.NaN;
    double images = 0;
    double stepSeconds = 0;
    for (EpochMetrics m : rows) {
      if (!Double.isNaN(m.testTop1()) && (Double.isNaN(bestTop1) || m.testTop1() > bestTop1)) {
        bestTop1 = m.testTop1();
        bestEpoch = m.epoch();
      }
      if (!Double.isNaN(m.testTop5()) && (Double.isNaN(bestTop5) || m.testTop5() > bestTop5)) {
        bestTop5 = m.testTop5();
      }
      images += m.trainImages();
      stepSeconds += m.stepSeconds();
    }
    EpochMetrics last = rows.get(rows.size() - 1);
    return new RunSummary(
        configName,
        last.epoch(),
        bestTop1,
        bestEpoch,
        last.testTop1(),
        bestTop5,
        last.testTop5(),
        last.trainLoss(),
        last.totalSeconds(),
        stepSeconds > 0 ? images / stepSeconds : 0,
        extras);
  }

  /** This summary as pretty-printed JSON. */
  public String toJson() {
    return Json.write(this);
  }

  /**
   * Parses a summary written by {@link #toJson}.
   *
   * @param json the JSON text
   * @return the summary
   * @throws IllegalArgumentException if the JSON is malformed or misses a required field
   */
  public static RunSummary fromJson(String json) {
    return Json.read(json, RunSummary.class, "summary JSON");
  }

  /**
   * Writes {@code summary.json} atomically.
   *
   * @param file the file
   * @throws IOException if writing fails
   */
  public void write(Path file) throws IOException {
    Json.writeFile(file, this);
  }

  /**
   * Reads a {@code summary.json}.
   *
   * @param file the file
   * @return the summary
   * @throws IOException if the file cannot be read
   */
  public static RunSummary read(Path file) throws IOException {
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }

  /**
   * Reads a {@code summary.json} if there is a valid one: empty when the file is missing, cannot be
   * read or holds no summary (its run writes it again).
   *
   * @param file the file
   * @return the summary, if any
   */
  public static Optional<RunSummary> readIfValid(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(read(file));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
