package io.kflo4j.transfer.init;

import io.kflo4j.common.progress.ProgressReporter;
import io.kflo4j.datasets.batch.Augmentation;
import io.kflo4j.datasets.batch.Batch;
import io.kflo4j.datasets.batch.BatchIterator;
import io.kflo4j.datasets.batch.BatchStream;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.BatchNormReestimation;
import io.kflo4j.training.loop.TrainingData;
import io.kflo4j.training.loop.TrainingGraph;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Ranks transfer sources by how well their features fit the target before any fine-tuning: for each
 * source, a linear probe, the fine-tuning recipe's head phase on its own (the source's backbone
 * frozen with its batch-norm statistics re-estimated on the target, a new classifier trained at the
 * head rate), scored by its mean training loss over the last probe epoch; the lowest loss first.
 * Only the target's training images are used.
 */
public final class SourceRanking {
  private static final Logger LOG = LogManager.getLogger(SourceRanking.class);

  /**
   * One source's probe.
   *
   * @param source the source
   * @param loss mean training loss of the probe's last epoch
   * @param accuracy training accuracy of that epoch
   */
  public record Probe(SourceModel source, double loss, double accuracy) {}

  private SourceRanking() {}

  /**
   * Probes every source on {@code target} with {@code config}'s recipe and seed, and returns the
   * probes best first.
   */
  public static List<Probe> rank(
      List<SourceModel> sources,
      TrainConfig config,
      TrainingData target,
      ProgressReporter progress) {
    FineTuning recipe =
        config
            .schedule()
            .fineTuning()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "ranking sources needs a fine-tuning recipe (a head phase to probe with)"));
    int epochs = Math.max(1, recipe.headEpochs());
    FineTuning probe =
        new FineTuning(epochs, recipe.headLearningRate(), recipe.backboneMultiplier(), 0, true);
    ModelSpec spec = ModelSpec.of(config.model().arch(), target.numClasses(), "plain");
    OptimizerSettings settings =
        config.optimizer().toBuilder().distillation(null).cascadeRate(null).build();
    List<Probe> probes = new ArrayList<>();
    for (SourceModel source : sources) {
      try (TrainingGraph graph =
          new TrainingGraph(
              spec, settings, Optional.of(probe), config.run().seed(), config.run().threads())) {
        graph.initialize(
            config.run().seed(),
            new TransferInitializer(List.of(source)).withTargetClasses(target.classNames()));
        BatchNormReestimation.run(
            graph, target.train(), settings.batchSize(), config.run().seed(), progress);
        probes.add(
            headPhase(
                graph, source, target, settings.batchSize(), config.run().seed(), probe, progress));
      }
    }
    probes.sort(Comparator.comparingDouble(Probe::loss));
    LOG.info(
        "sources ranked by a {}-epoch linear probe on the target (training loss, lower first): {}",
        epochs,
        probes.stream().map(p -> String.format("%s %.4f", p.source().name(), p.loss())).toList());
    return probes;
  }

  private static Probe headPhase(
      TrainingGraph graph,
      SourceModel source,
      TrainingData target,
      int batchSize,
      long seed,
      FineTuning probe,
      ProgressReporter progress) {
    BatchStream batches =
        BatchStream.builder(target.train())
            .batchSize(batchSize)
            .seed(seed)
            .shuffle(true)
            .augmentation(Augmentation.standard())
            .normalization(Normalization.standard())
            .dropLast(false)
            .prefetch(4)
            .build();
    double loss = 0;
    long correct = 0;
    long images = 0;
    for (int epoch = 1; epoch <= probe.headEpochs(); epoch++) {
      loss = 0;
      correct = 0;
      images = 0;
      progress.start("probe " + source.name() + " epoch " + epoch, batches.imagesPerEpoch(), "img");
      try (BatchIterator pass = batches.openEpoch(epoch)) {
        while (pass.hasNext()) {
          Batch batch = pass.next();
          TrainingGraph.StepResult result =
              graph.headStep(
                  batch.images(), batch.labels(), batch.size(), probe.headLearningRate());
          loss += (double) result.loss() * batch.size();
          correct += result.correct();
          images += batch.size();
          progress.step(batch.size());
        }
      } finally {
        progress.finish();
      }
    }
    return new Probe(source, loss / images, (double) correct / images);
  }
}
