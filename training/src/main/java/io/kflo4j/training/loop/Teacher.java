package io.kflo4j.training.loop;

import io.kflo4j.graph.ModelSpec;
import java.util.Map;

/**
 * A distillation teacher: a plain model of {@code spec} whose variables take {@code values} (by the
 * plain names of docs/VARIABLES.md). The training graph builds its inference path itself, so
 * nothing of the teacher's own graph ever runs.
 *
 * @param name how messages name it (e.g. its directory)
 * @param spec a plain model spec with the run's classes
 * @param values every variable of that plain model, by name
 */
public record Teacher(String name, ModelSpec spec, Map<String, float[]> values) {
  /** Copies the map. */
  public Teacher {
    values = Map.copyOf(values);
  }
}
