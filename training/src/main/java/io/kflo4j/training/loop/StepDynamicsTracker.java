package io.kflo4j.training.loop;

import io.kflo4j.datasets.batch.Batch;
import io.kflo4j.training.config.CascadeRate;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.TrainingGraph.StepRates;
import io.kflo4j.training.metrics.LayerStepRatio;
import io.kflo4j.training.metrics.StepDynamics;
import io.kflo4j.training.metrics.StepRatioLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The step dynamics of a run: measures the step ratios of its generated kernels on the first step
 * and on the first step that trains the backbone after a head phase ({@code dynamics.json}), every
 * N steps when asked ({@code step-ratios.csv}), and owns the cascade factors the steps are fed
 * ({@code --cascade-lr-scale}: fixed, or per layer from the first step's measurement, kept in
 * {@code dynamics.json} so that a resumed run trains with the same factors).
 */
final class StepDynamicsTracker {
  private static final Logger LOG = LogManager.getLogger(StepDynamicsTracker.class);

  private final TrainConfig config;
  private final Path run;
  private final long firstBackboneStep;
  private final StepRatioLog log;
  private StepDynamics dynamics;
  private Map<String, Double> scales;
  private Map<String, float[]> kernelsBefore;
  private List<LayerStepRatio> pending;
  private int pendingEpoch;
  private long pendingStep;

  private StepDynamicsTracker(
      TrainConfig config,
      Path run,
      long firstBackboneStep,
      StepRatioLog log,
      StepDynamics dynamics,
      Map<String, Double> scales) {
    this.config = config;
    this.run = run;
    this.firstBackboneStep = firstBackboneStep;
    this.log = log;
    this.dynamics = dynamics;
    this.scales = scales;
  }

  /**
   * The tracker of a run directory; a resumed run ({@code lastEpoch > 0}) takes its cascade factors
   * from its {@code dynamics.json}.
   *
   * @param firstBackboneStep the iteration of the first step that trains the backbone (0 without a
   *     head phase)
   * @throws IOException if the run's files cannot be read, or a resumed run with measured factors
   *     lost its {@code dynamics.json}
   */
  static StepDynamicsTracker open(
      TrainConfig config, Path run, long firstBackboneStep, int lastEpoch) throws IOException {
    CascadeRate rate = config.optimizer().cascadeRate();
    StepDynamics dynamics = new StepDynamics(rate.spec(), List.of());
    Map<String, Double> scales = null;
    if (lastEpoch > 0) {
      Optional<StepDynamics> earlier = StepDynamics.read(run);
      if (earlier.isPresent() && earlier.get().at(0).isPresent()) {
        dynamics = earlier.get();
        scales = dynamics.at(0).get().cascadeScales();
      } else if (rate.kind() == CascadeRate.Kind.AUTO) {
        throw new IOException(
            run.resolve(StepDynamics.FILE_NAME)
                + " is missing: the run's cascade factors (--cascade-lr-scale "
                + rate.spec()
                + ") were measured on its first step and cannot be measured again after it");
      }
    }
    return new StepDynamicsTracker(
        config, run, firstBackboneStep, StepRatioLog.open(run, lastEpoch), dynamics, scales);
  }

  /**
   * Called before the step at {@code iteration}: measures what this step should measure and returns
   * the cascade factors to feed it (by layer; the first step fixes them).
   */
  Map<String, Double> beforeStep(
      TrainingGraph graph, Batch batch, int epoch, long iteration, double rate, double backbone) {
    if (scales != null && !graph.cascadeLayers().containsAll(scales.keySet())) {
      // Read back from dynamics.json, which records every measured layer (plain ones with factor
      // 1): only layers with cascade kernels take a factor.
      scales = new LinkedHashMap<>(scales);
      scales.keySet().retainAll(graph.cascadeLayers());
    }
    if (scales == null && iteration > 0) {
      // A run resumed from before dynamics.json existed: fixed factors need no measurement.
      scales = new LinkedHashMap<>();
      for (String layer : graph.cascadeLayers()) {
        scales.put(layer, config.optimizer().cascadeRate().scaleFor(0));
      }
    }
    if (scales == null) {
      StepRates reference = new StepRates(rate, backbone, Map.of());
      List<LayerStepRatio> measured = measure(graph, batch, reference);
      scales = chooseScales(graph, measured);
      record(graph, batch, "first step", epoch, iteration, new StepRates(rate, backbone, scales));
    } else if (iteration == firstBackboneStep && iteration > 0) {
      record(
          graph,
          batch,
          "first step training the backbone",
          epoch,
          iteration,
          new StepRates(rate, backbone, scales));
    }
    kernelsBefore = null;
    if (config.run().measuresStepRatios(iteration) && iteration >= firstBackboneStep) {
      pending = measure(graph, batch, new StepRates(rate, backbone, scales));
      pendingEpoch = epoch;
      pendingStep = iteration;
      kernelsBefore = graph.trainedKernels();
    }
    return scales;
  }

  /** Called after the step: completes a periodic measurement with the step actually taken. */
  void afterStep(TrainingGraph graph) {
    if (kernelsBefore == null) {
      return;
    }
    Map<String, float[]> after = graph.trainedKernels();
    Map<String, Double> relative = new LinkedHashMap<>();
    kernelsBefore.forEach(
        (layer, before) -> relative.put(layer, relativeChange(before, after.get(layer))));
    log.add(pendingEpoch, pendingStep, pending, relative);
    kernelsBefore = null;
  }

  /** Writes the periodic measurements (once per epoch, before its checkpoint). */
  void endEpoch() throws IOException {
    if (config.run().stepRatioEvery() > 0) {
      log.flush();
    }
  }

  /** The epoch means of the periodic measurements, as TensorBoard scalars. */
  Map<Integer, Map<String, Double>> tensorBoardScalars() {
    return log.epochMeans();
  }

  private Map<String, Double> chooseScales(TrainingGraph graph, List<LayerStepRatio> measured) {
    CascadeRate rate = config.optimizer().cascadeRate();
    Map<String, Double> chosen = new LinkedHashMap<>();
    List<String> cascadeLayers = graph.cascadeLayers();
    for (LayerStepRatio layer : measured) {
      if (cascadeLayers.contains(layer.layer())) {
        chosen.put(layer.layer(), rate.scaleFor(layer.cascadeRatio()));
      }
    }
    return chosen;
  }

  private List<LayerStepRatio> measure(TrainingGraph graph, Batch batch, StepRates rates) {
    return graph.stepRatios(batch.images(), batch.labels(), batch.size(), rates);
  }

  private void record(
      TrainingGraph graph, Batch batch, String moment, int epoch, long iteration, StepRates rates) {
    List<LayerStepRatio> ratios = measure(graph, batch, rates);
    dynamics = dynamics.with(new StepDynamics.Measurement(moment, epoch, iteration, ratios));
    try {
      dynamics.write(run);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder line = new StringBuilder();
    for (LayerStepRatio r : ratios) {
      line.append(
          String.format(
              " %s %.2f (cascade alone %.2f, factor %.3g: %.2f)",
              r.layer(), r.referenceRatio(), r.cascadeRatio(), r.cascadeScale(), r.ratio()));
    }
    LOG.info("step ratios, {} (step {}), in plain steps:{}", moment, iteration, line);
  }

  private static double relativeChange(float[] before, float[] after) {
    double change = 0;
    double norm = 0;
    for (int i = 0; i < before.length; i++) {
      double d = (double) after[i] - before[i];
      change += d * d;
      norm += (double) before[i] * before[i];
    }
    return Math.sqrt(change / norm);
  }
}
