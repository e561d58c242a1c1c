package io.kflo4j.training.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Knowledge distillation from an ensemble of teachers (Hinton et al. 2015): the training loss is
 * {@code (1 - weight) CE(y, p_s) + weight T^2 KL(p_t || p_s^T)}, where {@code p_t} averages the
 * teachers' probabilities softened at temperature T on the same augmented batch and {@code p_s^T}
 * is the student's at T. Teachers are exported kflo4j models with the run's classes; only their
 * variables are read (docs/TRANSFER.md).
 *
 * @param teachers the teachers' SavedModel directories (none when {@code fromSources})
 * @param fromSources whether the teachers are the run's transfer sources, each first fine-tuned on
 *     the target with the plain recipe ({@code --distill-from sources})
 * @param weight the distillation term's weight at the first step, in (0, 1]
 * @param temperature the softening temperature, finite and > 0
 * @param finalWeight the weight at the last step, in [0, 1], reached linearly (null: {@code weight}
 *     throughout)
 */
public record Distillation(
    List<Path> teachers,
    boolean fromSources,
    double weight,
    double temperature,
    Double finalWeight) {
  /**
   * Default weight of the distillation term at the first step; it falls linearly to {@link
   * #FINAL_WEIGHT_DEFAULT} at the last (docs/RESULTS.md: a constant 0.8 at T 4 held the student
   * back at the end of fine-tuning, annealed to 0 at T 1 it gained 0.8 points over no
   * distillation).
   */
  public static final double WEIGHT_DEFAULT = 0.8;

  /** Default weight of the distillation term at the last step. */
  public static final double FINAL_WEIGHT_DEFAULT = 0.0;

  /** Default temperature. */
  public static final double TEMPERATURE_DEFAULT = 1.0;

  /** The value of {@code --distill-from} that makes the sources, fine-tuned, the teachers. */
  public static final String FROM_SOURCES = "sources";

  /** Distillation from the given teachers at a constant weight. */
  public Distillation(List<Path> teachers, double weight, double temperature) {
    this(teachers, false, weight, temperature, null);
  }

  /** Distillation at a constant weight. */
  public Distillation(List<Path> teachers, boolean fromSources, double weight, double temperature) {
    this(teachers, fromSources, weight, temperature, null);
  }

  /** The weight at step {@code step} (0-based) of {@code steps}: linear to the final weight. */
  public double weightAt(long step, long steps) {
    if (steps <= 1) {
      return weight;
    }
    return weight + (finalWeight - weight) * Math.min(1.0, (double) step / (steps - 1));
  }

  /** Checks every value, naming the option of each bad one. */
  public Distillation {
    teachers = teachers == null ? List.of() : List.copyOf(teachers);
    finalWeight = finalWeight == null ? Double.valueOf(weight) : finalWeight;
    new Problems()
        .check(
            fromSources ? teachers.isEmpty() : !teachers.isEmpty(),
            fromSources
                ? "--distill-from sources takes no teacher directories"
                : "--distill-from needs at least one teacher model")
        .check(weight > 0 && weight <= 1, "--distill-weight must be in (0, 1], got " + weight)
        .check(
            finalWeight >= 0 && finalWeight <= 1,
            "--distill-weight's final weight must be in [0, 1], got " + finalWeight)
        .check(
            temperature > 0 && Double.isFinite(temperature),
            "--distill-temperature must be finite and > 0, got " + temperature)
        .throwIfAny();
  }
}
