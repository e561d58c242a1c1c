package io.kflo4j.training.loop;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.common.progress.ProgressReporter;
import io.kflo4j.datasets.batch.Augmentation;
import io.kflo4j.datasets.batch.Batch;
import io.kflo4j.datasets.batch.BatchIterator;
import io.kflo4j.datasets.batch.BatchStream;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.metrics.EpochMetrics;
import io.kflo4j.training.metrics.MetricsLog;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.run.CheckpointState;
import io.kflo4j.training.run.RunClassNames;
import io.kflo4j.training.run.RunDirectory;
import io.kflo4j.training.run.RunLock;
import io.kflo4j.training.run.RunLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs a training configuration to its end: per epoch the shuffled, augmented batches through the
 * training graph, an evaluation in inference mode (with EMA weights when enabled), a metrics row
 * and chart, an atomic checkpoint and, last, {@code summary.json}: a summary that records epoch e
 * means epoch e's checkpoint is complete, so whoever takes a summary of every epoch for a finished
 * run (a grid, a pipeline step) finds the weights of the last epoch. A resumed run continues after
 * the last checkpoint with the same data order, schedule position, optimizer state and EMA.
 */
public final class Trainer {
  private static final Logger LOG = LogManager.getLogger(Trainer.class);

  /** Training batches assembled ahead of the steps. */
  static final int PREFETCH_BATCHES = 4;

  private final TrainConfig config;
  private final TrainingData data;
  private final ProgressReporter progress;
  private final WeightInitializer initializer;
  private final List<Teacher> teachers;
  private final List<TrainingListener> listeners;

  /**
   * A trainer.
   *
   * @param data the images; their classes are the model's
   * @param initializer sets the weights of a new run (the seed's initial weights, or e.g.
   *     transferred ones)
   */
  public Trainer(
      TrainConfig config,
      TrainingData data,
      ProgressReporter progress,
      WeightInitializer initializer) {
    this(config, data, progress, initializer, List.of());
  }

  /**
   * A trainer whose run distills from {@code teachers} (one per teacher of the configuration's
   * distillation, in its order).
   */
  public Trainer(
      TrainConfig config,
      TrainingData data,
      ProgressReporter progress,
      WeightInitializer initializer,
      List<Teacher> teachers) {
    this(config, data, progress, initializer, teachers, List.of());
  }

  private Trainer(
      TrainConfig config,
      TrainingData data,
      ProgressReporter progress,
      WeightInitializer initializer,
      List<Teacher> teachers,
      List<TrainingListener> listeners) {
    this.config = config;
    this.data = data;
    this.progress = progress;
    this.initializer = initializer;
    this.teachers = List.copyOf(teachers);
    this.listeners = List.copyOf(listeners);
  }

  /** This trainer with {@code more} listeners, called after its own (reports, checks). */
  public Trainer withListeners(TrainingListener... more) {
    List<TrainingListener> all = new java.util.ArrayList<>(listeners);
    all.addAll(List.of(more));
    return new Trainer(config, data, progress, initializer, teachers, all);
  }

  /** A trainer that starts from the seed's initial weights. */
  public Trainer(TrainConfig config, TrainingData data, ProgressReporter progress) {
    this(config, data, progress, WeightInitializer.fromSeed());
  }

  /**
   * Trains; with {@code resume}, continues the run in {@code config.runPath()} after its last
   * checkpoint (which {@link io.kflo4j.training.run.RunState} found: whether a run resumes, starts
   * over or is finished is decided there, not here).
   *
   * @return the run's summary (also written to {@code summary.json})
   * @throws TrainingDivergedException when the loss becomes NaN or infinite; the last checkpoint is
   *     kept
   */
  public RunSummary run(boolean resume) throws IOException {
    ModelSpec spec = config.model().spec(data.numClasses());
    BatchStream batches =
        BatchStream.builder(data.train())
            .batchSize(config.optimizer().batchSize())
            .seed(config.run().seed())
            .shuffle(true)
            .augmentation(Augmentation.standard())
            .normalization(Normalization.standard())
            .dropLast(false)
            .prefetch(PREFETCH_BATCHES)
            .build();
    int iterationsPerEpoch = batches.batchesPerEpoch();
    FineTuningPhases phases = new FineTuningPhases(config, iterationsPerEpoch);
    // The graph first: it refuses a model or recipe that does not fit before anything is written.
    try (TrainingGraph graph =
        new TrainingGraph(
            spec,
            config.optimizer(),
            config.schedule().fineTuning(),
            teachers,
            config.run().seed(),
            config.run().threads())) {
      RunDirectory run = RunDirectory.open(config.run().outDir(), config.run().runName(), resume);
      try (RunLock lock = RunLock.acquire(run.root());
          RunLog log = RunLog.open(run.trainLog())) {
        return run(run, graph, batches, phases, resume);
      }
    }
  }

  private RunSummary run(
      RunDirectory run,
      TrainingGraph graph,
      BatchStream batches,
      FineTuningPhases phases,
      boolean resume)
      throws IOException {
    ModelSpec spec = graph.model().spec();
    int iterationsPerEpoch = batches.batchesPerEpoch();
    int startEpoch = 1;
    long iteration = 0;
    MetricsLog metrics;
    Optional<Path> checkpoint = resume ? run.recoverCheckpoint() : Optional.empty();
    if (resume && checkpoint.isEmpty()) {
      throw new IllegalStateException(
          "cannot resume " + run.root() + ": it has no checkpoint (RunState starts it over)");
    }
    if (checkpoint.isPresent()) {
      CheckpointState state = CheckpointState.read(checkpoint.get());
      graph.restore(CheckpointState.prefix(checkpoint.get()));
      startEpoch = state.epoch() + 1;
      iteration = state.iteration();
      metrics = MetricsLog.resume(run.metricsCsv(), state.epoch());
      LOG.info("resuming {} after epoch {} (step {})", run.root(), state.epoch(), iteration);
    } else {
      config.write(run.config());
      RunClassNames.write(run.root(), data.classNames());
      graph.initialize(
          config.run().seed(),
          phases.reestimatesBatchNorm()
              ? initializer.andThen((model, session) -> reestimateBatchNorm(graph))
              : initializer);
      metrics = MetricsLog.create(run.metricsCsv());
      LOG.info(
          "training {} on {} images ({} steps/epoch), evaluating on {} {} images, into {}",
          spec,
          data.train().size(),
          iterationsPerEpoch,
          data.evaluation().size(),
          data.evaluationName(),
          run.root());
    }
    double previousSeconds =
        metrics.rows().isEmpty() ? 0 : metrics.rows().get(metrics.rows().size() - 1).totalSeconds();
    StepDynamicsTracker dynamics =
        StepDynamicsTracker.open(config, run.root(), phases.firstBackboneStep(), startEpoch - 1);
    List<TrainingListener> all = new java.util.ArrayList<>();
    all.add(new DivergenceCheck(run));
    all.add(dynamics);
    RunReports reports = new RunReports(config, run, summaryFacts(), dynamics::tensorBoardScalars);
    all.add(reports);
    all.add(new EpochLog(config.schedule().epochs(), data.evaluationName()));
    all.addAll(listeners);
    Evaluator evaluator = new Evaluator(graph, data.evaluation());
    for (int epoch = startEpoch; epoch <= config.schedule().epochs(); epoch++) {
      for (TrainingListener listener : all) {
        listener.onEpochStart(epoch);
      }
      long epochStart = System.nanoTime();
      if (phases.startsFullPhase(epoch)) {
        graph.resetMomentum();
        LOG.info(
            "epoch {}: head phase over, fine-tuning everything (backbone at {} x the rate)",
            epoch,
            phases.backboneMultiplier());
      }
      EpochTotals totals = trainEpoch(graph, batches, phases, dynamics, all, epoch, iteration);
      iteration += totals.steps();
      Evaluator.Result evaluation = graph.withEmaWeights(evaluator::evaluate);
      double wall = (System.nanoTime() - epochStart) / 1e9;
      previousSeconds += wall;
      EpochMetrics row =
          new EpochMetrics(
              epoch,
              totals.meanLoss(),
              totals.accuracy(),
              evaluation.top1(),
              evaluation.top5(),
              totals.lastRate(),
              totals.images() / totals.stepSeconds(),
              wall,
              totals.stepSeconds(),
              previousSeconds);
      // The row first: a checkpoint of epoch e always has the metrics rows 1..e beside it.
      metrics.append(row);
      TrainingListener.EpochEnd end = new TrainingListener.EpochEnd(epoch, metrics.rows(), graph);
      for (TrainingListener listener : all) {
        listener.onEpochEnd(end);
      }
      CheckpointState state = new CheckpointState(epoch, iteration);
      long checkpointStart = System.nanoTime();
      AtomicFiles.replaceDirectory(
          run.checkpoint(),
          dir -> {
            graph.save(CheckpointState.prefix(dir));
            state.write(dir);
          });
      double checkpointSeconds = (System.nanoTime() - checkpointStart) / 1e9;
      for (TrainingListener listener : all) {
        listener.onCheckpoint(epoch, iteration, checkpointSeconds);
      }
      reports.summarize(metrics.rows());
    }
    if (startEpoch > config.schedule().epochs()) {
      // The last checkpoint was saved but the process ended before its summary.
      LOG.info(
          "{}: every epoch trained; writing the summary of epoch {}", run.root(), startEpoch - 1);
      reports.summarize(metrics.rows());
    }
    return RunSummary.read(run.summary());
  }

  private void reestimateBatchNorm(TrainingGraph graph) {
    BatchNormReestimation.run(
        graph, data.train(), config.optimizer().batchSize(), config.run().seed(), progress);
  }

  private EpochTotals trainEpoch(
      TrainingGraph graph,
      BatchStream batches,
      FineTuningPhases phases,
      StepDynamicsTracker dynamics,
      List<TrainingListener> all,
      int epoch,
      long firstIteration) {
    EpochTotals totals = new EpochTotals();
    progress.start(
        String.format("epoch %d/%d", epoch, config.schedule().epochs()),
        batches.imagesPerEpoch(),
        "img");
    long runSteps = (long) config.schedule().epochs() * batches.batchesPerEpoch();
    try (BatchIterator epochBatches = batches.openEpoch(epoch)) {
      while (epochBatches.hasNext()) {
        Batch batch = epochBatches.next();
        long iteration = firstIteration + totals.steps();
        double rate = phases.rate(epoch, iteration);
        Map<String, Double> cascade =
            dynamics.beforeStep(graph, batch, epoch, iteration, rate, phases.backboneMultiplier());
        StepRates rates =
            new StepRates(
                rate,
                phases.backboneMultiplier(),
                cascade,
                config
                    .optimizer()
                    .distillation()
                    .map(d -> d.weightAt(iteration, runSteps))
                    .orElse(Double.NaN));
        long start = System.nanoTime();
        TrainingGraph.StepResult result =
            phases.inHeadPhase(epoch)
                ? graph.headStep(batch.images(), batch.labels(), batch.size(), rates)
                : graph.step(batch.images(), batch.labels(), batch.size(), rates);
        totals.add(result, batch.size(), (System.nanoTime() - start) / 1e9, rate);
        TrainingListener.StepOutcome outcome =
            new TrainingListener.StepOutcome(
                epoch,
                iteration,
                (int) totals.steps(),
                batches.batchesPerEpoch(),
                rate,
                result,
                graph);
        for (TrainingListener listener : all) {
          listener.onStep(outcome);
        }
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put("loss", String.format("%.4f", totals.meanLoss()));
        extras.put("lr", String.format("%.4f", rate));
        progress.step(batch.size(), extras);
      }
    } finally {
      progress.finish();
    }
    return totals;
  }

  /** The facts the summary records beside the metrics. */
  private Map<String, String> summaryFacts() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("arch", config.model().arch());
    facts.put("reparam", config.model().reparam());
    facts.put("dataset", config.data().dataset());
    facts.put("trainImages", Integer.toString(data.train().size()));
    facts.put("evaluation", data.evaluationName());
    return facts;
  }
}
