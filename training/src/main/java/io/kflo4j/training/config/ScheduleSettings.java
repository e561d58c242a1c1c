package io.kflo4j.training.config;

import io.kflo4j.training.schedule.LearningRateSchedules;
import java.util.Optional;

/**
 * How long a run trains and how its learning rate moves: the epochs, the schedule (after an
 * optional fine-tuning head phase) and a linear warm-up.
 *
 * @param epochs the number of epochs, >= 1
 * @param schedule the learning-rate schedule spec ({@link LearningRateSchedules#SYNTAX})
 * @param warmupEpochs linear warm-up epochs at the start of the schedule, in [0, scheduled - 1]
 * @param fineTuning the fine-tuning recipe of a run started from pretrained weights; empty for a
 *     run from scratch
 */
public record ScheduleSettings(
    int epochs, String schedule, int warmupEpochs, Optional<FineTuning> fineTuning) {

  /** Default learning-rate schedule spec. */
  public static final String SCHEDULE_DEFAULT = LearningRateSchedules.COSINE;

  /** Checks every value and their fit (head phase, warm-up and schedule within the epochs). */
  public ScheduleSettings {
    fineTuning = fineTuning == null ? Optional.empty() : fineTuning;
    Problems problems = new Problems().check(epochs >= 1, "epochs must be >= 1, got " + epochs);
    int headEpochs = fineTuning.map(FineTuning::headEpochs).orElse(0);
    problems.check(
        epochs < 1 || headEpochs < epochs,
        "the head phase ("
            + headEpochs
            + " epochs) must leave at least one of the "
            + epochs
            + " epochs to fine-tune everything: raise the epochs or lower the head epochs");
    int scheduled = scheduledEpochs(epochs, headEpochs);
    problems.check(
        warmupEpochs >= 0 && (epochs < 1 || warmupEpochs <= scheduled - 1),
        "warmupEpochs must be in [0, "
            + (fineTuning.isEmpty() ? "epochs" : "epochs - headEpochs")
            + " - 1]"
            + (epochs >= 1 ? " = [0, " + (scheduled - 1) + "]" : "")
            + ", got "
            + warmupEpochs);
    if (schedule == null) {
      problems.check(false, "schedule must not be null (default '" + SCHEDULE_DEFAULT + "')");
    } else if (epochs >= 1) {
      try {
        LearningRateSchedules.validate(schedule, scheduled);
      } catch (IllegalArgumentException e) {
        problems.check(false, "schedule: " + e.getMessage());
      }
    }
    problems.throwIfAny();
  }

  /** The epochs the schedule runs over: those after a fine-tuning head phase. */
  public int scheduledEpochs() {
    return scheduledEpochs(epochs, fineTuning.map(FineTuning::headEpochs).orElse(0));
  }

  private static int scheduledEpochs(int epochs, int headEpochs) {
    return epochs - Math.min(headEpochs, Math.max(epochs - 1, 0));
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder()
        .epochs(epochs)
        .schedule(schedule)
        .warmupEpochs(warmupEpochs)
        .fineTuning(fineTuning.orElse(null));
  }

  /** The mutable form (also the JSON form: absent keys keep the defaults). */
  public static final class Builder {
    private Integer epochs;
    private String schedule = SCHEDULE_DEFAULT;
    private int warmupEpochs;
    private FineTuning fineTuning;

    /** Sets the epochs (required). */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Sets the schedule spec. */
    public Builder schedule(String schedule) {
      this.schedule = schedule;
      return this;
    }

    /** Sets the warm-up epochs. */
    public Builder warmupEpochs(int warmupEpochs) {
      this.warmupEpochs = warmupEpochs;
      return this;
    }

    /** Sets the fine-tuning recipe (null: a run from scratch). */
    public Builder fineTuning(FineTuning fineTuning) {
      this.fineTuning = fineTuning;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming every bad field
     */
    public ScheduleSettings build() {
      new Problems().require("epochs", epochs).throwIfAny();
      return new ScheduleSettings(epochs, schedule, warmupEpochs, Optional.ofNullable(fineTuning));
    }
  }
}
