package io.kflo4j.training.config;

import io.kflo4j.common.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The full, immutable configuration of a training run, composed of five groups: enough, saved as
 * the run directory's {@code config.json}, to reproduce the run on its own.
 *
 * <p>Built with {@link #builder()}, one group at a time: {@code builder().data(d ->
 * d.dataset("cifar10")).model(m -> m.arch("cifar-quick").reparam("plain")).schedule(s ->
 * s.epochs(10)).run(r -> r.seed(1).outDir(dir).runName("a"))}; unset values keep the defaults (the
 * {@code *_DEFAULT} constants of each group, the reference CIFAR recipe). {@link Builder#build()}
 * reports every problem of every group at once, each message naming the field and the value.
 *
 * <p>JSON ({@link #toJson()}, {@link #fromJson}), format version {@value #FORMAT_VERSION}: {@code
 * formatVersion} and one object per group whose keys are the group's field names (stable; renaming
 * one breaks old run directories). Missing keys take their defaults; unknown keys are refused. The
 * flat layout of version 1 (every field at the top level) is still read.
 *
 * @param data what the run trains and evaluates on
 * @param model the architecture and its parameterization
 * @param optimizer the update rule
 * @param schedule the epochs and the learning-rate schedule
 * @param run the seed, threads and run directory
 */
public record TrainConfig(
    DataSettings data,
    ModelSettings model,
    OptimizerSettings optimizer,
    ScheduleSettings schedule,
    RunSettings run) {

  /** The version of the JSON layout written by {@link #toJson()}. */
  public static final int FORMAT_VERSION = 2;

  /** A builder with the defaults and no required setting set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The run directory, {@code outDir/runName}. */
  public Path runPath() {
    return run.runPath();
  }

  /** A builder holding this configuration (to derive a variant). */
  public Builder toBuilder() {
    return new Builder(
        data.toBuilder(),
        model.toBuilder(),
        optimizer.toBuilder(),
        schedule.toBuilder(),
        run.toBuilder());
  }

  /** This configuration as pretty-printed JSON. */
  public String toJson() {
    return TrainConfigJson.write(this);
  }

  /**
   * Parses a configuration written by {@link #toJson()} (or by version 1's flat layout).
   *
   * @throws IllegalArgumentException if the JSON is malformed, has unknown keys or invalid values
   */
  public static TrainConfig fromJson(String json) {
    return TrainConfigJson.read(json);
  }

  /** Writes {@code config.json} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson() + "\n");
  }

  /**
   * Reads a {@code config.json}.
   *
   * @throws IllegalArgumentException naming the file, if it is not a valid configuration
   */
  public static TrainConfig read(Path file) throws IOException {
    String json = Files.readString(file, StandardCharsets.UTF_8);
    try {
      return fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Collects the groups; {@link #build()} validates them all at once. */
  public static final class Builder {
    private final DataSettings.Builder data;
    private final ModelSettings.Builder model;
    private final OptimizerSettings.Builder optimizer;
    private final ScheduleSettings.Builder schedule;
    private final RunSettings.Builder run;

    private Builder() {
      this(null, null, null, null, null);
    }

    /**
     * A builder over the given groups' builders (the JSON form's); a null group has the defaults.
     */
    Builder(
        DataSettings.Builder data,
        ModelSettings.Builder model,
        OptimizerSettings.Builder optimizer,
        ScheduleSettings.Builder schedule,
        RunSettings.Builder run) {
      this.data = data != null ? data : new DataSettings.Builder();
      this.model = model != null ? model : new ModelSettings.Builder();
      this.optimizer = optimizer != null ? optimizer : new OptimizerSettings.Builder();
      this.schedule = schedule != null ? schedule : new ScheduleSettings.Builder();
      this.run = run != null ? run : new RunSettings.Builder();
    }

    /** Changes the data settings (the dataset is required). */
    public Builder data(Consumer<DataSettings.Builder> change) {
      change.accept(data);
      return this;
    }

    /** Changes the model settings (architecture and parameterization are required). */
    public Builder model(Consumer<ModelSettings.Builder> change) {
      change.accept(model);
      return this;
    }

    /** Changes the optimizer settings. */
    public Builder optimizer(Consumer<OptimizerSettings.Builder> change) {
      change.accept(optimizer);
      return this;
    }

    /** Changes the schedule settings (the epochs are required). */
    public Builder schedule(Consumer<ScheduleSettings.Builder> change) {
      change.accept(schedule);
      return this;
    }

    /** Changes the run settings (seed, outDir and runName are required). */
    public Builder run(Consumer<RunSettings.Builder> change) {
      change.accept(run);
      return this;
    }

    /**
     * The configuration.
     *
     * @throws IllegalArgumentException naming every bad field of every group
     */
    public TrainConfig build() {
      Problems problems = new Problems();
      DataSettings d = problems.collect(data::build);
      ModelSettings m = problems.collect(model::build);
      OptimizerSettings o = problems.collect(optimizer::build);
      ScheduleSettings s = problems.collect(schedule::build);
      RunSettings r = problems.collect(run::build);
      problems.throwIfAny();
      return new TrainConfig(d, m, o, s, r);
    }
  }
}
