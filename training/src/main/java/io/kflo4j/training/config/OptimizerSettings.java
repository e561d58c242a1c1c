package io.kflo4j.training.config;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How the weights are updated: SGD with momentum at a base learning rate (the schedule scales it),
 * vanilla weight decay, and optionally an exponential moving average of the weights.
 *
 * @param learningRate the base learning rate, finite and > 0
 * @param batchSize images per step, >= 1
 * @param weightDecay the vanilla weight decay, finite and >= 0 (docs/TRAINING.md routes it per
 *     role)
 * @param momentum the SGD momentum, in [0, 1)
 * @param nesterov Nesterov momentum instead of classic
 * @param ema the decay of an EMA of the weights evaluated instead of them, in (0, 1); empty: none
 * @param cascadeRate the rate of KFLO's cascade kernels relative to their layer's ({@link
 *     CascadeRate#REFERENCE}: the same)
 * @param distillation distillation from teacher models added to the loss; empty: none
 */
public record OptimizerSettings(
    double learningRate,
    int batchSize,
    double weightDecay,
    double momentum,
    boolean nesterov,
    OptionalDouble ema,
    CascadeRate cascadeRate,
    Optional<Distillation> distillation) {

  /** Default base learning rate (reference recipe). */
  public static final double LEARNING_RATE_DEFAULT = 0.1;

  /** Default batch size (reference recipe). */
  public static final int BATCH_SIZE_DEFAULT = 128;

  /** Default weight decay (reference recipe). */
  public static final double WEIGHT_DECAY_DEFAULT = 1e-4;

  /** Default SGD momentum (reference recipe). */
  public static final double MOMENTUM_DEFAULT = 0.9;

  /** Checks every value, naming each bad one. */
  public OptimizerSettings {
    ema = ema == null ? OptionalDouble.empty() : ema;
    cascadeRate = cascadeRate == null ? CascadeRate.REFERENCE : cascadeRate;
    distillation = distillation == null ? Optional.empty() : distillation;
    double decay = ema.orElse(0.5);
    new Problems()
        .check(
            learningRate > 0 && Double.isFinite(learningRate),
            "learningRate must be finite and > 0, got " + learningRate)
        .check(batchSize >= 1, "batchSize must be >= 1, got " + batchSize)
        .check(
            weightDecay >= 0 && Double.isFinite(weightDecay),
            "weightDecay must be finite and >= 0, got " + weightDecay)
        .check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got " + momentum)
        .check(decay > 0 && decay < 1, "ema must be in (0, 1), got " + decay)
        .throwIfAny();
  }

  /** The reference recipe's settings: no Nesterov, no EMA. */
  public static OptimizerSettings reference() {
    return new Builder().build();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder()
        .learningRate(learningRate)
        .batchSize(batchSize)
        .weightDecay(weightDecay)
        .momentum(momentum)
        .nesterov(nesterov)
        .ema(ema.isPresent() ? ema.getAsDouble() : null)
        .cascadeRate(cascadeRate.spec())
        .distillation(distillation.orElse(null));
  }

  /** The mutable form (also the JSON form: absent keys keep the defaults). */
  public static final class Builder {
    private double learningRate = LEARNING_RATE_DEFAULT;
    private int batchSize = BATCH_SIZE_DEFAULT;
    private double weightDecay = WEIGHT_DECAY_DEFAULT;
    private double momentum = MOMENTUM_DEFAULT;
    private boolean nesterov;
    private Double ema;
    private String cascadeRate;
    private Distillation distillation;

    /** Sets the base learning rate. */
    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** Sets the batch size. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Sets the vanilla weight decay. */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /** Sets the momentum. */
    public Builder momentum(double momentum) {
      this.momentum = momentum;
      return this;
    }

    /** Chooses Nesterov momentum. */
    public Builder nesterov(boolean nesterov) {
      this.nesterov = nesterov;
      return this;
    }

    /** Sets the EMA decay (null: no EMA). */
    public Builder ema(Double ema) {
      this.ema = ema;
      return this;
    }

    /** Sets the cascade rate, as {@link CascadeRate#parse} reads it (null: the reference). */
    public Builder cascadeRate(String cascadeRate) {
      this.cascadeRate = cascadeRate;
      return this;
    }

    /** Sets the distillation (null: none). */
    public Builder distillation(Distillation distillation) {
      this.distillation = distillation;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming every bad field
     */
    public OptimizerSettings build() {
      return new OptimizerSettings(
          learningRate,
          batchSize,
          weightDecay,
          momentum,
          nesterov,
          ema == null ? OptionalDouble.empty() : OptionalDouble.of(ema),
          cascadeRate == null ? CascadeRate.REFERENCE : CascadeRate.parse(cascadeRate),
          Optional.ofNullable(distillation));
    }
  }
}
