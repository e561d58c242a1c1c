package io.kflo4j.training.metrics;

import io.kflo4j.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's {@code dynamics.json}: the step ratios of its generated kernels measured at the moments
 * that decide its dynamics (the first step; the first step that trains the backbone after a head
 * phase), and the cascade factors the run trains with.
 *
 * @param cascadeRate the run's {@code --cascade-lr-scale}, as given
 * @param measurements in the order taken, at most one per step
 */
public record StepDynamics(String cascadeRate, List<Measurement> measurements) {

  /** The file's name in a run directory. */
  public static final String FILE_NAME = "dynamics.json";

  /**
   * One measurement.
   *
   * @param moment what the step was, e.g. {@code first step}
   * @param epoch its epoch, 1-based
   * @param step its iteration in the run, 0-based
   * @param layers per measured layer, in the model's order
   */
  public record Measurement(String moment, int epoch, long step, List<LayerStepRatio> layers) {
    /** Copies the list. */
    public Measurement {
      layers = List.copyOf(layers);
    }

    /** The cascade factors as trained, by layer. */
    public Map<String, Double> cascadeScales() {
      Map<String, Double> scales = new LinkedHashMap<>();
      layers.forEach(l -> scales.put(l.layer(), l.cascadeScale()));
      return scales;
    }
  }

  /** Copies the list. */
  public StepDynamics {
    measurements = List.copyOf(measurements);
  }

  /** These measurements with {@code measurement} in place of any earlier one of its step. */
  public StepDynamics with(Measurement measurement) {
    List<Measurement> kept = new ArrayList<>();
    for (Measurement m : measurements) {
      if (m.step() != measurement.step()) {
        kept.add(m);
      }
    }
    kept.add(measurement);
    return new StepDynamics(cascadeRate, kept);
  }

  /** The measurement taken at {@code step}, if any. */
  public Optional<Measurement> at(long step) {
    return measurements.stream().filter(m -> m.step() == step).findFirst();
  }

  /** Writes {@code FILE_NAME} in {@code run} atomically. */
  public void write(Path run) throws IOException {
    Json.writeFile(run.resolve(FILE_NAME), this);
  }

  /** Reads {@code FILE_NAME} of {@code run}, if present. */
  public static Optional<StepDynamics> read(Path run) throws IOException {
    Path file = run.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Optional.of(Json.readFile(file, StepDynamics.class));
  }
}
