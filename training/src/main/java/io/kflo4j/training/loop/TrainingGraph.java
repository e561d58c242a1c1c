package io.kflo4j.training.loop;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.layers.Mode;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.training.config.Distillation;
import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.decay.DecayPolicy;
import io.kflo4j.training.decay.LearningRateMultipliers;
import io.kflo4j.training.metrics.LayerStepRatio;
import io.kflo4j.training.metrics.WeightHistograms;
import io.kflo4j.training.optimizer.MomentumOptimizer;
import io.kflo4j.training.optimizer.SlotNames;
import io.kflo4j.training.optimizer.WeightAverage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.Summary;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The training graph of one model in its own session: cross-entropy plus weight decay by class plus
 * the parameterization's own penalty (if any), gradients over the explicit list of trainable
 * variables, SGD with momentum at a learning rate fed every step, batch-norm updates, and
 * optionally an exponential moving average of the weights.
 *
 * <p>Optimizer state and EMA weights are variables named by {@link SlotNames}, saved in checkpoints
 * with the model's variables.
 */
public final class TrainingGraph implements AutoCloseable {

  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final Session session;
  private final Model model;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TFloat32> learningRate;
  private final Operand<TFloat32> loss;
  private final Operand<TInt64> correct;
  private final Op trainStep;
  private final Op initOptimizerState;
  private final MomentumOptimizer optimizer;
  private final Optional<WeightAverage> average;
  private final Op emaToModel;
  private final Step fullStep;
  private final Optional<Op> headStep;
  private final Operand<TFloat32> backboneMultiplier;
  private final Op batchNormPass;
  private final ParameterGroups groups;
  private final CascadeScales cascadeScales;
  private WeightHistograms histograms;
  private StepRatioProbe probe;
  private final DistillationTerm distillation;
  private final Operand<TFloat32> distillationWeight;

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
    int expectedTeachers = settings.distillation().map(d -> d.teachers().size()).orElse(0);
    if (settings.distillation().map(Distillation::fromSources).orElse(false)
        ? teachers.isEmpty()
        : teachers.size() != expectedTeachers) {
      throw new IllegalArgumentException(
          "the run distills from "
              + expectedTeachers
              + " teacher(s), "
              + teachers.size()
              + " were loaded");
    }
    images =
        tf.withName("images")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
    labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    learningRate =
        tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    model = Model.build(tf, images, spec, EnumSet.allOf(Mode.class), seed);
    DecayPolicy decay = new DecayPolicy(settings.weightDecay());

    Operand<TFloat32> logits = model.logits(Mode.TRAINING);
    Operand<TFloat32> oneHot =
        tf.oneHot(labels, tf.constant(spec.numClasses()), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> crossEntropy =
        tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
    Operand<TFloat32> objective = crossEntropy;
    if (settings.distillation().isPresent()) {
      Operand<TFloat32> weight =
          tf.withName("distillation_weight")
              .placeholderWithDefault(
                  tf.constant((float) settings.distillation().get().weight()), Shape.scalar());
      distillationWeight = weight;
      distillation =
          new DistillationTerm(tf, images, logits, teachers, settings.distillation().get(), seed);
      objective =
          tf.math.add(
              tf.math.mul(crossEntropy, tf.math.sub(tf.constant(1f), weight)),
              tf.math.mul(distillation.value(), weight));
    } else {
      distillation = null;
      distillationWeight = null;
    }
    loss =
        tf.withName("loss")
            .math
            .add(tf.math.add(objective, decay.loss(tf, model.decayTerms())), model.penalty());
    correct =
        tf.reduceSum(
            tf.dtypes.cast(
                tf.math.equal(tf.math.argMax(logits, tf.constant(1), TInt32.class), labels),
                TInt64.class),
            tf.constant(0));

    this.optimizer =
        new MomentumOptimizer(
            tf, model.trainableVariables(), settings.momentum(), settings.nesterov());
    average =
        settings.ema().isPresent()
            ? Optional.of(
                WeightAverage.create(tf, model.variables().all(), settings.ema().getAsDouble()))
            : Optional.empty();
    List<Op> slotInits = new ArrayList<>(List.of(this.optimizer.reset()));
    average.ifPresent(a -> slotInits.addAll(a.start()));

    groups = ParameterGroups.of(model, fineTuning.map(FineTuning::frozenLayers).orElse(0));
    cascadeScales = new CascadeScales(tf, model);
    backboneMultiplier =
        tf.withName("backbone_lr_multiplier")
            .placeholderWithDefault(tf.constant(1f), Shape.scalar());
    Operand<TFloat32> backboneRate = tf.math.mul(learningRate, backboneMultiplier);
    fullStep =
        buildStep(
            groups.trainedAfterHeadPhase(),
            variable ->
                cascadeScales.scaled(
                    tf, variable, groups.isHead(variable) ? learningRate : backboneRate));
    trainStep = fullStep.op();
    headStep =
        fineTuning
            .filter(f -> f.headEpochs() > 0)
            .map(
                f ->
                    buildStep(
                            groups.head(),
                            variable -> cascadeScales.scaled(tf, variable, learningRate))
                        .op());
    initOptimizerState = tf.withControlDependencies(slotInits).noOp();
    emaToModel = average.map(WeightAverage::copyIntoModel).orElse(null);
    batchNormPass = tf.withControlDependencies(model.batchNormUpdates()).noOp();
    session = threads > 0 ? new Session(graph, threadConfig(threads)) : new Session(graph);
  }

  /**
   * One training step over {@code variables}: gradients of the loss, SGD momentum at each
   * variable's rate (times its bias multiplier), the batch-norm updates, then the EMA.
   */
  private Step buildStep(
      List<ModelVariable> variables, Function<ModelVariable, Operand<TFloat32>> rateOf) {
    Output<?>[] stepGradients =
        graph.addGradients(
            loss.asOutput(),
            variables.stream().map(v -> v.variable().asOutput()).toArray(Output<?>[]::new));
    // Every update waits for every gradient: a variable read aliases the variable's buffer, so an
    // early update would leak into gradients still being computed (and make steps depend on the op
    // schedule).
    List<Op> gradientOps = new ArrayList<>();
    for (Output<?> gradient : stepGradients) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> typed = (Output<TFloat32>) gradient;
      gradientOps.add(tf.identity(typed));
    }
    gradientOps.add(tf.identity(loss));
    gradientOps.add(tf.identity(correct));
    gradientOps.addAll(model.batchNormUpdates());
    Ops afterGradients = tf.withControlDependencies(gradientOps);
    List<Op> updates = new ArrayList<>(model.batchNormUpdates());
    Map<String, Operand<TFloat32>> rates = new HashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      ModelVariable variable = variables.get(i);
      @SuppressWarnings("unchecked")
      Operand<TFloat32> gradient = (Output<TFloat32>) stepGradients[i];
      Operand<TFloat32> groupRate = rateOf.apply(variable);
      double multiplier = LearningRateMultipliers.of(variable.role());
      Operand<TFloat32> rate =
          multiplier == 1.0
              ? groupRate
              : rates.computeIfAbsent(
                  groupRate.op().name(),
                  name -> tf.math.mul(groupRate, tf.constant((float) multiplier)));
      updates.add(optimizer.apply(afterGradients, variable, gradient, rate));
    }
    Op step = tf.withControlDependencies(updates).noOp();
    if (average.isPresent()) {
      step = average.get().update(step);
    }
    return new Step(step, variables, stepGradients);
  }

  /** A step's op, the variables it updates and their gradients, in one order. */
  private record Step(Op op, List<ModelVariable> variables, Output<?>[] gradients) {}

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
    model.initialize(session, seed);
    initializer.initialize(model, session);
    session.run(initOptimizerState);
    if (distillation != null) {
      distillation.assignTeachers(session);
    }
  }

  /**
   * The gradients of the loss (decay included) for a batch, by trainable variable name, without a
   * step.
   */
  Map<String, float[]> gradients(float[] batchImages, int[] batchLabels) {
    List<ModelVariable> trainables = fullStep.variables();
    Map<String, float[]> values = new LinkedHashMap<>();
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(batchLabels.length, 32, 32, 3), DataBuffers.of(batchImages, true, false));
        TInt32 y = TInt32.vectorOf(batchLabels)) {
      Session.Runner runner = session.runner().feed(images, x).feed(labels, y);
      for (Output<?> gradient : fullStep.gradients()) {
        runner.fetch(gradient);
      }
      try (Result result = runner.run()) {
        for (int i = 0; i < trainables.size(); i++) {
          values.put(trainables.get(i).name(), TensorValues.copy((TFloat32) result.get(i)));
        }
      }
    }
    return values;
  }

  /**
   * Runs one training step; returns the batch's loss (decay included) and its count of correct
   * predictions.
   */
  public StepResult step(float[] batchImages, int[] batchLabels, int count, double rate) {
    return step(batchImages, batchLabels, count, rate, 1.0);
  }

  /**
   * Runs one step of every trained variable, the classifier at {@code rate} and the backbone at
   * {@code backboneMultiplier * rate} (frozen layers not at all).
   */
  public StepResult step(
      float[] batchImages, int[] batchLabels, int count, double rate, double backboneMultiplier) {
    return step(batchImages, batchLabels, count, new StepRates(rate, backboneMultiplier, Map.of()));
  }

  /**
   * Runs one step of every trained variable at {@code rates}: the classifier at the rate, the
   * backbone at the multiple, each layer's cascade kernels at its factor.
   */
  public StepResult step(float[] batchImages, int[] batchLabels, int count, StepRates rates) {
    Map<Operand<TFloat32>, Float> feeds = new LinkedHashMap<>(cascadeScales.feeds(rates.cascade()));
    feeds.put(backboneMultiplier, (float) rates.backboneMultiplier());
    feedDistillationWeight(feeds, rates);
    return run(trainStep, batchImages, batchLabels, count, rates.rate(), feeds, false).step();
  }

  /**
   * The rates of one step.
   *
   * @param rate the classifier's (and, at multiplier 1, everything's) learning rate
   * @param backboneMultiplier the backbone's rate relative to {@code rate}
   * @param cascade per layer, the factor on its cascade kernels' rate (absent layers: 1)
   * @param distillationWeight the distillation term's weight at this step (NaN: the configuration's
   *     first weight)
   */
  public record StepRates(
      double rate,
      double backboneMultiplier,
      Map<String, Double> cascade,
      double distillationWeight) {
    /** Copies the map. */
    public StepRates {
      cascade = Map.copyOf(cascade);
    }

    /** Rates at the configuration's distillation weight. */
    public StepRates(double rate, double backboneMultiplier, Map<String, Double> cascade) {
      this(rate, backboneMultiplier, cascade, Double.NaN);
    }
  }

  private void feedDistillationWeight(Map<Operand<TFloat32>, Float> feeds, StepRates rates) {
    if (distillationWeight != null && !Double.isNaN(rates.distillationWeight())) {
      feeds.put(distillationWeight, (float) rates.distillationWeight());
    }
  }

  /**
   * Runs one training step of every trained variable, traced by TensorFlow at full level, and
   * returns the trace: the step stats of every executed node (for profiles: {@code StepProfile}).
   */
  public RunMetadata tracedStep(float[] batchImages, int[] batchLabels, int count, double rate) {
    return run(trainStep, batchImages, batchLabels, count, rate, Map.of(), true)
        .trace()
        .orElseThrow(() -> new IllegalStateException("TensorFlow returned no run metadata"));
  }

  /**
   * Runs one step of the classifier alone at {@code rate} (the head phase of fine-tuning).
   *
   * @throws IllegalStateException when the graph was built without a head phase
   */
  public StepResult headStep(float[] batchImages, int[] batchLabels, int count, double rate) {
    return headStep(batchImages, batchLabels, count, rate, Map.of());
  }

  /**
   * Runs one step of the classifier alone at {@code rate}, its cascade kernels (if any) at their
   * layer's factor in {@code cascade}.
   *
   * @throws IllegalStateException when the graph was built without a head phase
   */
  public StepResult headStep(
      float[] batchImages, int[] batchLabels, int count, double rate, Map<String, Double> cascade) {
    return headStep(batchImages, batchLabels, count, new StepRates(rate, 1, cascade));
  }

  /**
   * Runs one step of the classifier alone at {@code rates}' rate (its cascade factors and
   * distillation weight applied; the backbone multiplier unused).
   *
   * @throws IllegalStateException when the graph was built without a head phase
   */
  public StepResult headStep(float[] batchImages, int[] batchLabels, int count, StepRates rates) {
    Op step =
        headStep.orElseThrow(
            () -> new IllegalStateException("this training graph has no head phase"));
    Map<Operand<TFloat32>, Float> feeds = new LinkedHashMap<>(cascadeScales.feeds(rates.cascade()));
    feedDistillationWeight(feeds, rates);
    return run(step, batchImages, batchLabels, count, rates.rate(), feeds, false).step();
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
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(count, 32, 32, 3), DataBuffers.of(batchImages, true, false));
        TInt32 y =
            TInt32.vectorOf(
                count == batchLabels.length
                    ? batchLabels
                    : java.util.Arrays.copyOf(batchLabels, count));
        TFloat32 lr = TFloat32.scalarOf((float) rate)) {
      Session.Runner runner =
          session.runner().feed(images, x).feed(labels, y).feed(learningRate, lr);
      extraFeeds.forEach(
          (placeholder, value) -> {
            TFloat32 scalar = TFloat32.scalarOf(value);
            scalars.add(scalar);
            runner.feed(placeholder, scalar);
          });
      runner.addTarget(step).fetch(loss).fetch(correct);
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

  /**
   * How far a full step at {@code rates} on a batch would move each trained layer's deployed
   * kernel, in plain steps ({@link StepRatioProbe}); changes nothing.
   */
  public List<LayerStepRatio> stepRatios(
      float[] batchImages, int[] batchLabels, int count, StepRates rates) {
    return probe().measure(batchImages, batchLabels, count, rates);
  }

  /** The current deployed kernels of the layers the full step trains, by layer name. */
  public Map<String, float[]> trainedKernels() {
    return probe().kernels();
  }

  /** The layers with cascade kernels, whose rate {@link StepRates#cascade()} can scale. */
  public List<String> cascadeLayers() {
    return cascadeScales.layers();
  }

  private StepRatioProbe probe() {
    if (probe == null) {
      probe =
          new StepRatioProbe(
              graph,
              session,
              model,
              loss,
              images,
              labels,
              fullStep.variables(),
              fullStep.gradients(),
              groups,
              cascadeScales);
    }
    return probe;
  }

  /**
   * Zeroes every momentum accumulator (a new phase of fine-tuning starts without the old phase's
   * velocity).
   */
  public void resetMomentum() {
    session.run(optimizer.reset());
  }

  /**
   * Moves the batch-norm moving statistics towards a batch's statistics (training-mode forward, no
   * weight update): repeated over the target's images, it re-estimates them.
   */
  public void batchNormPass(float[] batchImages, int count) {
    try (TFloat32 x =
        TFloat32.tensorOf(Shape.of(count, 32, 32, 3), DataBuffers.of(batchImages, true, false))) {
      session.runner().feed(images, x).addTarget(batchNormPass).run();
    }
  }

  /** Inference-mode logits [count, classes] for normalized NHWC images. */
  public float[] logits(float[] batchImages, int count) {
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(count, 32, 32, 3), DataBuffers.of(batchImages, true, false));
        Result result =
            session.runner().feed(images, x).fetch(model.logits(Mode.INFERENCE)).run()) {
      return TensorValues.copy((TFloat32) result.get(0));
    }
  }

  /**
   * Inference-mode penultimate features [count, features] (the classifier's input) for normalized
   * NHWC images.
   */
  public float[] features(float[] batchImages, int count) {
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(count, 32, 32, 3), DataBuffers.of(batchImages, true, false));
        Result result =
            session.runner().feed(images, x).fetch(model.features(Mode.INFERENCE)).run()) {
      return TensorValues.copy((TFloat32) result.get(0));
    }
  }

  /** Whether this graph keeps an EMA of the weights. */
  public boolean hasEma() {
    return emaToModel != null;
  }

  /**
   * Runs {@code action} with the EMA weights in the model's variables, then puts the trained
   * weights back. Without EMA, just runs it.
   */
  public <T> T withEmaWeights(java.util.function.Supplier<T> action) {
    if (!hasEma()) {
      return action.get();
    }
    Map<String, float[]> trained = model.variables().readAll(session);
    session.run(emaToModel);
    try {
      return action.get();
    } finally {
      model.variables().assign(session, trained);
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
      histograms = new WeightHistograms(tf, model);
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
    if (distillation != null) {
      distillation.assignTeachers(session);
    }
  }

  /** The model. */
  public Model model() {
    return model;
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
