package io.kflo4j.training.loop;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.decay.DecayPolicy;
import io.kflo4j.training.metrics.WeightHistograms;
import io.kflo4j.training.optimizer.SlotNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.Summary;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The training graph of one model and the TensorFlow session that runs it: the ops ({@link
 * TrainingOps}: the objective, gradients over the explicit list of trainable variables, SGD with
 * momentum at rates fed every step, batch-norm updates, optionally an EMA of the weights) built
 * once, then steps, inference passes, the EMA swap and checkpoints run here.
 *
 * <p>Optimizer state and EMA weights are variables named by {@link SlotNames}, saved in checkpoints
 * with the model's variables.
 */
public final class TrainingGraph implements AutoCloseable {
  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final TrainingOps ops;
  private final Session session;
  private WeightHistograms histograms;
  private StepRatioProbe probe;

  /**
   * Builds the graph of a run from scratch.
   *
   * @param settings the update rule (its weight decay is routed by {@link DecayPolicy})
   * @param threads intra-op threads, 0 for TensorFlow's default
   */
  public TrainingGraph(ModelSpec spec, OptimizerSettings settings, long seed, int threads) {
    this(spec, settings, Optional.empty(), seed, threads);
  }

  /**
   * Builds the graph, with the steps a fine-tuning recipe needs: the head-only step of its head
   * phase, the backbone's rate multiplier, its frozen layers left out of every step.
   *
   * @param settings the update rule (its weight decay is routed by {@link DecayPolicy})
   * @param fineTuning the recipe, or empty to train everything on the fed rate
   * @param threads intra-op threads, 0 for TensorFlow's default
   */
  public TrainingGraph(
      ModelSpec spec,
      OptimizerSettings settings,
      Optional<FineTuning> fineTuning,
      long seed,
      int threads) {
    this(spec, settings, fineTuning, List.of(), seed, threads);
  }

  /**
   * Builds the graph, with the teachers of the settings' distillation (one per teacher it names, in
   * its order; none without distillation).
   *
   * @throws IllegalArgumentException when the teachers do not match the distillation's
   */
  public TrainingGraph(
      ModelSpec spec,
      OptimizerSettings settings,
      Optional<FineTuning> fineTuning,
      List<Teacher> teachers,
      long seed,
      int threads) {
    ops = TrainingOps.build(graph, tf, spec, settings, fineTuning, teachers, seed);
    session = threads > 0 ? new Session(graph, threadConfig(threads)) : new Session(graph);
  }

  private static ConfigProto threadConfig(int threads) {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(threads)
        .setInterOpParallelismThreads(1)
        .build();
  }

  /**
   * Sets the model to its initial weights from {@code seed} and zeroes the optimizer state (EMA =
   * weights).
   */
  public void initialize(long seed) {
    initialize(seed, WeightInitializer.fromSeed());
  }

  /**
   * Sets the model to its initial weights from {@code seed}, lets {@code initializer} adjust them
   * (e.g. transferred kernels), then zeroes the optimizer state and starts the EMA from the
   * adjusted weights.
   */
  public void initialize(long seed, WeightInitializer initializer) {
    ops.model().initialize(session, seed);
    initializer.initialize(ops.model(), session);
    session.run(ops.initOptimizerState());
    ops.objective().assignTeachers(session);
  }

  /**
   * The gradients of the loss (decay included) for a batch, by trainable variable name, without a
   * step.
   */
  Map<String, float[]> gradients(float[] batchImages, int[] batchLabels) {
    return probe().gradients(batchImages, batchLabels, batchLabels.length);
  }

  /**
   * Runs one training step; returns the batch's loss (decay included) and its count of correct
   * predictions.
   */
  public StepResult step(float[] batchImages, int[] batchLabels, int count, double rate) {
    return step(batchImages, batchLabels, count, StepRates.uniform(rate));
  }

  /**
   * Runs one step of every trained variable at {@code rates}: the classifier at the rate, the
   * backbone at the multiple (frozen layers not at all), each layer's cascade kernels at its
   * factor, the distillation (if any) at its weight.
   */
  public StepResult step(float[] batchImages, int[] batchLabels, int count, StepRates rates) {
    Map<Operand<TFloat32>, Float> feeds = feeds(rates);
    feeds.put(ops.backboneMultiplier(), (float) rates.backboneMultiplier());
    return run(ops.fullStep().op(), batchImages, batchLabels, count, rates.rate(), feeds, false)
        .step();
  }

  /**
   * Runs one training step of every trained variable, traced by TensorFlow at full level, and
   * returns the trace: the step stats of every executed node (for profiles: {@code StepProfile}).
   */
  public RunMetadata tracedStep(float[] batchImages, int[] batchLabels, int count, double rate) {
    return run(ops.fullStep().op(), batchImages, batchLabels, count, rate, Map.of(), true)
        .trace()
        .orElseThrow(() -> new IllegalStateException("TensorFlow returned no run metadata"));
  }

  /**
   * Runs one step of the classifier alone at {@code rate} (the head phase of fine-tuning).
   *
   * @throws IllegalStateException when the graph was built without a head phase
   */
  public StepResult headStep(float[] batchImages, int[] batchLabels, int count, double rate) {
    return headStep(batchImages, batchLabels, count, StepRates.uniform(rate));
  }

  /**
   * Runs one step of the classifier alone at {@code rates}' rate (its cascade factors and the
   * distillation weight applied; the backbone multiplier unused).
   *
   * @throws IllegalStateException when the graph was built without a head phase
   */
  public StepResult headStep(float[] batchImages, int[] batchLabels, int count, StepRates rates) {
    Op step =
        ops.headStep()
            .orElseThrow(() -> new IllegalStateException("this training graph has no head phase"))
            .op();
    return run(step, batchImages, batchLabels, count, rates.rate(), feeds(rates), false).step();
  }

  /** The feeds of a step's cascade factors and distillation weight. */
  private Map<Operand<TFloat32>, Float> feeds(StepRates rates) {
    Map<Operand<TFloat32>, Float> feeds =
        new LinkedHashMap<>(ops.cascadeScales().feeds(rates.cascade()));
    ops.objective().feedWeight(feeds, rates);
    return feeds;
  }

  /** A step's outcome and, when traced, its trace. */
  private record Traced(StepResult step, Optional<RunMetadata> trace) {}

  private Traced run(
      Op step,
      float[] batchImages,
      int[] batchLabels,
      int count,
      double rate,
      Map<Operand<TFloat32>, Float> extraFeeds,
      boolean trace) {
    List<TFloat32> scalars = new ArrayList<>();
    try (TFloat32 x = ImageTensors.images(batchImages, count);
        TInt32 y = ImageTensors.labels(batchLabels, count);
        TFloat32 lr = TFloat32.scalarOf((float) rate)) {
      Session.Runner runner =
          session.runner().feed(ops.images(), x).feed(ops.labels(), y).feed(ops.learningRate(), lr);
      extraFeeds.forEach(
          (placeholder, value) -> {
            TFloat32 scalar = TFloat32.scalarOf(value);
            scalars.add(scalar);
            runner.feed(placeholder, scalar);
          });
      runner.addTarget(step).fetch(ops.objective().loss()).fetch(ops.objective().correct());
      if (trace) {
        runner.setOptions(
            RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
      }
      try (Result result = trace ? runner.runAndFetchMetadata() : runner.run()) {
        return new Traced(
            new StepResult(
                ((TFloat32) result.get(0)).getFloat(), ((TInt64) result.get(1)).getLong()),
            result.getMetadata());
      }
    } finally {
      scalars.forEach(TFloat32::close);
    }
  }

  /** The layers with cascade kernels, whose rate {@link StepRates#cascade()} can scale. */
  public List<String> cascadeLayers() {
    return ops.cascadeScales().layers();
  }

  /** The step-ratio probe of this graph ({@link StepRatioProbe}); its ops join on first use. */
  StepRatioProbe probe() {
    if (probe == null) {
      probe = new StepRatioProbe(graph, session, ops);
    }
    return probe;
  }

  /**
   * Zeroes every momentum accumulator (a new phase of fine-tuning starts without the old phase's
   * velocity).
   */
  public void resetMomentum() {
    session.run(ops.optimizer().reset());
  }

  /**
   * Moves the batch-norm moving statistics towards a batch's statistics (training-mode forward, no
   * weight update): repeated over the target's images, it re-estimates them.
   */
  public void batchNormPass(float[] batchImages, int count) {
    try (TFloat32 x = ImageTensors.images(batchImages, count)) {
      session.runner().feed(ops.images(), x).addTarget(ops.batchNormPass()).run();
    }
  }

  /** Inference-mode logits [count, classes] for normalized NHWC images. */
  public float[] logits(float[] batchImages, int count) {
    return inference(ops.model().logits(Mode.INFERENCE), batchImages, count);
  }

  /**
   * Inference-mode penultimate features [count, features] (the classifier's input) for normalized
   * NHWC images.
   */
  public float[] features(float[] batchImages, int count) {
    return inference(ops.model().features(Mode.INFERENCE), batchImages, count);
  }

  private float[] inference(Operand<TFloat32> output, float[] batchImages, int count) {
    try (TFloat32 x = ImageTensors.images(batchImages, count);
        Result result = session.runner().feed(ops.images(), x).fetch(output).run()) {
      return TensorValues.copy((TFloat32) result.get(0));
    }
  }

  /** Whether this graph keeps an EMA of the weights. */
  public boolean hasEma() {
    return ops.emaToModel().isPresent();
  }

  /**
   * Runs {@code action} with the EMA weights in the model's variables, then puts the trained
   * weights back. Without EMA, just runs it.
   */
  public <T> T withEmaWeights(Supplier<T> action) {
    if (!hasEma()) {
      return action.get();
    }
    Map<String, float[]> trained = ops.model().variables().readAll(session);
    session.run(ops.emaToModel().get());
    try {
      return action.get();
    } finally {
      ops.model().variables().assign(session, trained);
    }
  }

  /**
   * Histograms of the weights evaluation uses (the EMA's when kept) for TensorBoard; their ops join
   * the graph on the first call.
   *
   * @throws IllegalStateException if a weight is NaN or infinite
   */
  public Summary weightHistograms() {
    if (histograms == null) {
      histograms = new WeightHistograms(tf, ops.model());
    }
    return withEmaWeights(() -> histograms.evaluate(session));
  }

  /** Saves every variable (model, optimizer state, EMA) under the checkpoint prefix. */
  public void save(String prefix) {
    session.save(prefix);
  }

  /** Restores every variable from a checkpoint prefix written by {@link #save}. */
  public void restore(String prefix) {
    session.restore(prefix);
    ops.objective().assignTeachers(session);
  }

  /** The model. */
  public Model model() {
    return ops.model();
  }

  /** The session (for export and tests). */
  public Session session() {
    return session;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }

  /**
   * One step's outcome.
   *
   * @param loss mean cross-entropy plus weight decay
   * @param correct predictions equal to the label in the step's batch (training mode)
   */
  public record StepResult(float loss, long correct) {}
}
