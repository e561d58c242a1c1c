package io.kflo4j.transfer;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.common.progress.ProgressReporters;
import io.kflo4j.datasets.DatasetSpec;
import io.kflo4j.datasets.batch.Augmentation;
import io.kflo4j.datasets.batch.Batch;
import io.kflo4j.datasets.batch.BatchIterator;
import io.kflo4j.datasets.batch.BatchStream;
import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.training.Training;
import io.kflo4j.training.config.Distillation;
import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.Teacher;
import io.kflo4j.training.loop.TrainingData;
import io.kflo4j.training.loop.TrainingDataLoader;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.run.RunLock;
import io.kflo4j.transfer.init.ActivationMatching;
import io.kflo4j.transfer.init.Matching;
import io.kflo4j.transfer.init.SourceModel;
import io.kflo4j.transfer.init.SourceRanking;
import io.kflo4j.transfer.init.Stacking;
import io.kflo4j.transfer.init.TransferInitializer;
import io.kflo4j.transfer.init.UnitAlignment;
import io.kflo4j.transfer.run.RunExport;
import io.kflo4j.transfer.run.RunExports;
import io.kflo4j.transfer.sources.SourceModels;
import io.kflo4j.transfer.sources.TeacherModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Transfer from N pretrained SavedModels into one network and fine-tune it: KFLO targets stack the
 * sources' kernels into W1 (R >= N), plain targets start from the first source; then the run is
 * exported (collapsed) and verified, its metadata naming its sources. Resumable: a second call
 * continues or skips finished steps.
 */
public final class TransferJob {
  private static final Logger LOG = LogManager.getLogger(TransferJob.class);

  /**
   * Fine-tuning's default base learning rate, the classifier's after the head phase (the backbone's
   * is {@link #BACKBONE_MULTIPLIER_DEFAULT} times it): the from-scratch rate, since the classifier
   * is new.
   */
  public static final double LEARNING_RATE_DEFAULT = 0.1;

  /** Default epochs of the head phase. */
  public static final int HEAD_EPOCHS_DEFAULT = 2;

  /** Default constant rate of the head phase. */
  public static final double HEAD_LEARNING_RATE_DEFAULT = 0.1;

  /** Default backbone rate after the head phase, relative to the base rate. */
  public static final double BACKBONE_MULTIPLIER_DEFAULT = 1.0;

  /**
   * The default recipe: statistics re-estimated, a head phase, then everything at the base rate
   * (measured in docs/RESULTS.md: a backbone at the full rate beat a quarter of it by 3.3 points on
   * 40% of CIFAR-100).
   */
  public static final FineTuning FINE_TUNING_DEFAULT =
      new FineTuning(
          HEAD_EPOCHS_DEFAULT, HEAD_LEARNING_RATE_DEFAULT, BACKBONE_MULTIPLIER_DEFAULT, 0, true);

  /**
   * The cascade rate of KFLO transfer: each layer's cascade adds at most half a plain step to the
   * stacked kernel's first step (docs/TRANSFER.md: the pretrained kernels in W1 otherwise make that
   * step several plain steps, and kflo:2x4 from four sources trailed plain transfer from one).
   */
  public static final String CASCADE_RATE_DEFAULT = "auto:0.5";

  /**
   * How sources start a network by default: ranked by a linear probe on the target, the best one
   * alone (docs/RESULTS.md: of four sources, the one that fits the target best is worth more than
   * the first one given, and more than itself with the other three stacked behind it).
   */
  public static final Stacking STACKING_DEFAULT = Stacking.BEST;

  /** {@link #STACKING_DEFAULT} as the command line writes it. */
  public static final String STACKING_DEFAULT_SPEC = "best";

  /** The paper's target: 40% of CIFAR-100, class-balanced. */
  public static final double FRACTION_DEFAULT = 0.4;

  /**
   * The sources the network started from, one directory a line, in the order stacked, in the run
   * directory.
   */
  public static final String SOURCES_FILE = "sources.txt";

  /** The stacking used ({@code first}, {@code average}), one word, in the run directory. */
  public static final String STACKING_FILE = "stacking.txt";

  private TransferJob() {}

  /**
   * The default fraction of the target's training images: {@link #FRACTION_DEFAULT} of a CIFAR set
   * (the paper's limited-data target), all of a folder (the user's own images, every one of which
   * counts).
   */
  public static double defaultFraction(DatasetSpec target) {
    return target instanceof DatasetSpec.Folder ? 1.0 : FRACTION_DEFAULT;
  }

  /** The default target parameterization for N sources: kflo:2xN. */
  public static String defaultReparam(int sources) {
    return "kflo:2x" + sources;
  }

  /**
   * Runs (or resumes) the transfer.
   *
   * @param sourceDirectories exported kflo4j models of one architecture, in stacking order
   * @param config the fine-tuning run; its architecture must be the sources'
   */
  public static TransferResult run(List<Path> sourceDirectories, TrainConfig config)
      throws IOException {
    return run(sourceDirectories, config, STACKING_DEFAULT, TrainingDataLoader::load);
  }

  /** {@link #run(List, TrainConfig)} with the sources stacked as {@code stacking} says. */
  public static TransferResult run(
      List<Path> sourceDirectories, TrainConfig config, Stacking stacking) throws IOException {
    return run(sourceDirectories, config, stacking, TrainingDataLoader::load);
  }

  /** {@link #run(List, TrainConfig, Stacking)} with the fine-tuning data from {@code data}. */
  public static TransferResult run(
      List<Path> sourceDirectories,
      TrainConfig config,
      Stacking stacking,
      Function<TrainConfig, TrainingData> data)
      throws IOException {
    return run(sourceDirectories, config, stacking, Matching.WEIGHTS, data);
  }

  /**
   * {@link #run(List, TrainConfig, Stacking, Function)} with the sources aligned by {@code
   * matching} where the stacking aligns them.
   */
  public static TransferResult run(
      List<Path> sourceDirectories,
      TrainConfig config,
      Stacking stacking,
      Matching matching,
      Function<TrainConfig, TrainingData> data)
      throws IOException {
    List<SourceModel> sources = SourceModels.load(sourceDirectories);
    String architecture = sources.get(0).architecture();
    if (!architecture.equals(config.model().arch())) {
      throw new IllegalArgumentException(
          "the sources are "
              + architecture
              + " models, the run asks for --arch "
              + config.model().arch());
    }
    List<String> names =
        sourceDirectories.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
    new TransferInitializer(sources, stacking)
        .validate(config.model().spec(config.data().datasetSpec().numClasses()));
    Path run = config.runPath();
    // A run that is there is locked before the data are loaded: another process may run it.
    try (RunLock lock = Files.isDirectory(run) ? RunLock.acquire(run) : null) {
      return trainAndExport(config, sources, sourceDirectories, names, stacking, matching, data);
    }
  }

  private static TransferResult trainAndExport(
      TrainConfig config,
      List<SourceModel> sources,
      List<Path> sourceDirectories,
      List<String> names,
      Stacking stacking,
      Matching matching,
      Function<TrainConfig, TrainingData> data)
      throws IOException {
    TrainingData target = data.apply(config);
    String ranking = "";
    if (stacking.ranks() && sources.size() > 1) {
      List<SourceRanking.Probe> probes =
          SourceRanking.rank(sources, config, target, ProgressReporters.auto());
      List<SourceModel> ranked = probes.stream().map(SourceRanking.Probe::source).toList();
      List<Path> rankedDirectories = new java.util.ArrayList<>();
      List<String> rankedNames = new java.util.ArrayList<>();
      for (SourceModel source : ranked) {
        int index = sources.indexOf(source);
        rankedDirectories.add(sourceDirectories.get(index));
        rankedNames.add(names.get(index));
      }
      ranking =
          probes.stream()
              .map(
                  p ->
                      String.format(
                          java.util.Locale.ROOT,
                          "%s probe loss %.4f accuracy %.4f",
                          rankedNames.get(ranked.indexOf(p.source())),
                          p.loss(),
                          p.accuracy()))
              .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
      sources = ranked;
      sourceDirectories = rankedDirectories;
      names = rankedNames;
    }
    TransferInitializer initializer =
        new TransferInitializer(sources, stacking, alignment(matching, target, config));
    List<Teacher> teachers =
        config.optimizer().distillation().isEmpty()
            ? List.of()
            : TeacherModels.load(
                teacherDirectories(config, sources, sourceDirectories, target),
                target.classNames());
    RunSummary summary =
        Training.ensureTrained(
            config, initializer.withTargetClasses(target.classNames()), c -> target, teachers);
    names = names.subList(0, stacking.stackedCount(names.size()));
    AtomicFiles.writeString(
        config.runPath().resolve(SOURCES_FILE), String.join("\n", names) + "\n");
    AtomicFiles.writeString(
        config.runPath().resolve(STACKING_FILE),
        stacking.spec() + (stacking.aligns() ? " " + matching.spec() : "") + "\n");
    if (!ranking.isEmpty()) {
      AtomicFiles.writeString(config.runPath().resolve(RANKING_FILE), ranking);
    }
    Path model =
        RunExports.ensureExported(
            RunExport.intoRun(config.runPath())
                .withDataDir(config.data().dataDir())
                .withSourceModels(names));
    return new TransferResult(config.runPath(), model, summary);
  }

  /**
   * With {@code --stacking best-first} or {@code best}: every source, best first, with its probe's
   * training loss and accuracy, one a line.
   */
  public static final String RANKING_FILE = "source-ranking.txt";

  /** The suffix of the directory beside a run that holds its fine-tuned sources as teachers. */
  public static final String TEACHERS_SUFFIX = "-teachers";

  /**
   * The teachers' directories: those the distillation names, or, with {@code --distill-from
   * sources}, each source fine-tuned on the target first (plain, the run's recipe, data and seed,
   * no distillation) into {@code RUN-teachers/m<k>}, resumable like any run.
   */
  private static List<Path> teacherDirectories(
      TrainConfig config,
      List<SourceModel> sources,
      List<Path> sourceDirectories,
      TrainingData target)
      throws IOException {
    Distillation distillation = config.optimizer().distillation().orElseThrow();
    if (!distillation.fromSources()) {
      return distillation.teachers();
    }
    Path teachersDir = config.run().outDir().resolve(config.run().runName() + TEACHERS_SUFFIX);
    List<Path> teachers = new java.util.ArrayList<>();
    for (int k = 0; k < sources.size(); k++) {
      String name = "m" + (k + 1);
      TrainConfig teacher =
          config.toBuilder()
              .model(m -> m.reparam("plain"))
              .optimizer(o -> o.distillation(null).cascadeRate(null))
              .run(r -> r.outDir(teachersDir).runName(name))
              .build();
      LOG.info(
          "teacher {}/{}: {} fine-tuned on the target into {}",
          k + 1,
          sources.size(),
          sourceDirectories.get(k),
          teacher.runPath());
      Training.ensureTrained(
          teacher,
          new TransferInitializer(List.of(sources.get(k))).withTargetClasses(target.classNames()),
          c -> target,
          List.of());
      teachers.add(
          RunExports.ensureExported(
              RunExport.intoRun(teacher.runPath())
                  .withDataDir(config.data().dataDir())
                  .withSourceModels(
                      List.of(sourceDirectories.get(k).toAbsolutePath().normalize().toString()))));
    }
    return teachers;
  }

  /** Images activation matching correlates the sources' units on. */
  public static final int MATCHING_IMAGES = 2000;

  private static UnitAlignment alignment(
      Matching matching, TrainingData target, TrainConfig config) {
    return switch (matching) {
      case WEIGHTS -> UnitAlignment.weights();
      case RANDOM -> UnitAlignment.random(config.run().seed());
      case ACTIVATIONS -> new ActivationMatching(matchingBatches(target, config));
    };
  }

  /**
   * Up to {@link #MATCHING_IMAGES} of the target's training images in the seed's order, normalized,
   * without augmentation.
   */
  private static List<Batch> matchingBatches(TrainingData target, TrainConfig config) {
    BatchStream stream =
        BatchStream.builder(target.train())
            .batchSize(100)
            .seed(config.run().seed())
            .shuffle(true)
            .augmentation(Augmentation.none())
            .normalization(Normalization.standard())
            .dropLast(false)
            .prefetch(2)
            .build();
    List<Batch> batches = new java.util.ArrayList<>();
    int images = 0;
    try (BatchIterator epoch = stream.openEpoch(1)) {
      while (epoch.hasNext() && images < MATCHING_IMAGES) {
        Batch batch = epoch.next();
        batches.add(batch);
        images += batch.size();
      }
    }
    return batches;
  }

  /**
   * What a transfer produced.
   *
   * @param run the run directory
   * @param model the exported, verified SavedModel
   * @param summary the run's summary
   */
  public record TransferResult(Path run, Path model, RunSummary summary) {}
}
