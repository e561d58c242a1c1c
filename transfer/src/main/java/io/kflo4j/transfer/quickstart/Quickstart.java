package io.kflo4j.transfer.quickstart;

import io.kflo4j.datasets.CifarData;
import io.kflo4j.datasets.CifarVariant;
import io.kflo4j.datasets.DataDirectory;
import io.kflo4j.datasets.DataFetcher;
import io.kflo4j.datasets.ImageSet;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.eval.EnsembleEvaluation;
import io.kflo4j.savedmodels.eval.Evaluation;
import io.kflo4j.training.config.Distillation;
import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.WeightInitializer;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.progress.ProgressReporters;
import io.kflo4j.transfer.TransferJob;
import io.kflo4j.transfer.run.RunSteps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The main job: pretrain N models on CIFAR-10 (plain, different seeds), export them; then on a
 * class-balanced 40% of CIFAR-100 run (a) plain from scratch, (b) plain transfer from model 1, (c)
 * kflo:2xN from scratch, (d) kflo:2xN transfer from all N, stacked, and (e) the same distilled from
 * the N models each fine-tuned on the target (b and the teachers t-m2..t-mN); export and verify
 * each; evaluate the teachers' ensemble; write the results table. Every step is resumable and
 * skipped when already done, so a second invocation reuses finished work.
 */
public final class Quickstart {
  private static final Logger LOG = LogManager.getLogger(Quickstart.class);

  /** Environment variable naming a CIFAR-100 archive to install from. */
  public static final String CIFAR100_ARCHIVE_ENV = "KFLO_CIFAR100_ARCHIVE";

  /** Learning rate of the from-scratch runs (the reference recipe). */
  public static final double SCRATCH_LEARNING_RATE = 0.1;

  private final QuickstartConfig config;

  /** A quickstart with these settings. */
  public Quickstart(QuickstartConfig config) {
    this.config = config;
  }

  /** Runs every step not yet done; returns the results table's rows. */
  public List<ResultRow> run() throws IOException {
    long start = System.nanoTime();
    ensureData();
    Path pretrainDir = config.outDir().resolve("cifar10");
    List<Path> sources = new ArrayList<>();
    for (int i = 1; i <= config.sources(); i++) {
      TrainConfig pretrain =
          base(
                  "cifar10",
                  "m" + i,
                  pretrainDir,
                  "plain",
                  config.pretrainEpochs(),
                  config.seed() + i,
                  SCRATCH_LEARNING_RATE)
              .build();
      LOG.info(
          "step: pretrain CIFAR-10 model {}/{} ({} epochs)",
          i,
          config.sources(),
          config.pretrainEpochs());
      RunSteps.ensureTrained(pretrain, WeightInitializer.fromSeed());
      sources.add(RunSteps.ensureExported(pretrain.runPath(), config.dataDir(), List.of()));
    }
    Path targetDir = config.outDir().resolve("cifar100");
    List<ResultRow> rows = new ArrayList<>();
    List<Path> teachers = new ArrayList<>();
    for (TargetRun target : targetRuns(config.sources())) {
      if (target.distilled()) {
        teachers = teachers(targetDir, sources, rows);
      }
      rows.add(
          target.fromScratch()
              ? scratch(targetDir, target.name(), target.description(), target.reparam())
              : transfer(
                  targetDir,
                  target.name(),
                  target.description(),
                  target.reparam(),
                  sources.subList(0, target.sources()),
                  target.distilled() ? teachers : List.of()));
    }
    List<String> notes = List.of(ensembleNote(teachers));
    String title =
        String.format(
            "%s on %.0f%% of CIFAR-100 (%d epochs; %d CIFAR-10 sources, %d epochs each)",
            config.arch(),
            100 * TransferJob.FRACTION_DEFAULT,
            config.finetuneEpochs(),
            config.sources(),
            config.pretrainEpochs());
    ResultsReport.write(config.outDir(), title, rows, notes);
    LOG.info(
        "quickstart done in {} min; results in {}",
        String.format("%.1f", (System.nanoTime() - start) / 6e10),
        config.outDir().resolve(ResultsReport.MARKDOWN));
    return rows;
  }

  /**
   * One CIFAR-100 run of the quickstart.
   *
   * @param name run directory name and table row
   * @param description what the row is
   * @param reparam the parameterization
   * @param sources how many pretrained sources it starts from (0: from scratch)
   * @param distilled whether it distills from the sources fine-tuned on the target
   */
  record TargetRun(
      String name, String description, String reparam, int sources, boolean distilled) {
    boolean fromScratch() {
      return sources == 0;
    }
  }

  /**
   * The five CIFAR-100 runs for N sources: plain from scratch, plain transfer from m1, kflo:2xN
   * from scratch, kflo:2xN transfer from m1..mN stacked, and the same distilled from m1..mN each
   * fine-tuned on the target. The KFLO runs have one width, so the table compares like with like.
   */
  static List<TargetRun> targetRuns(int sources) {
    String kfloN = TransferJob.defaultReparam(sources);
    String kfloName = kfloN.replace(":", "");
    String all = sources == 1 ? "m1" : "m1..m" + sources;
    return List.of(
        new TargetRun("a-plain-scratch", "plain, from scratch", "plain", 0, false),
        new TargetRun("b-plain-transfer", "plain, transfer from m1", "plain", 1, false),
        new TargetRun("c-" + kfloName + "-scratch", kfloN + ", from scratch", kfloN, 0, false),
        new TargetRun(
            "d-" + kfloName + "-transfer",
            kfloN + ", transfer from " + all + " (stacked)",
            kfloN,
            sources,
            false),
        new TargetRun(
            "e-" + kfloName + "-distilled",
            kfloN + ", transfer from " + all + ", distilled from them fine-tuned",
            kfloN,
            sources,
            true));
  }

  /**
   * The teachers of the distilled run: each source fine-tuned on the target with the plain recipe.
   * m1's is row b; m2..mN's are extra runs {@code t-m2..t-mN}.
   */
  private List<Path> teachers(Path dir, List<Path> sources, List<ResultRow> rows)
      throws IOException {
    List<Path> teachers = new ArrayList<>();
    teachers.add(dir.resolve("b-plain-transfer").resolve(RunSteps.MODEL_DIR));
    for (int i = 2; i <= sources.size(); i++) {
      String name = "t-m" + i;
      ResultRow teacher =
          transfer(
              dir,
              name,
              "teacher: plain, transfer from m" + i,
              "plain",
              List.of(sources.get(i - 1)),
              List.of());
      teachers.add(dir.resolve(name).resolve(RunSteps.MODEL_DIR));
      LOG.info("teacher {}: top-1 {}", name, String.format("%.2f%%", 100 * teacher.top1()));
    }
    return teachers;
  }

  /** The teachers' ensemble accuracy on the test set: the distilled run's ceiling. */
  private String ensembleNote(List<Path> teachers) throws IOException {
    List<ExportedModel> models = new ArrayList<>();
    try {
      for (Path teacher : teachers) {
        models.add(ExportedModel.load(teacher));
      }
      ImageSet test =
          CifarData.load(
                  CifarVariant.CIFAR100, DataDirectory.resolve(config.dataDir().orElse(null)))
              .test();
      Evaluation ensemble = EnsembleEvaluation.evaluate(models, test, ProgressReporters.auto());
      return String.format(
          Locale.ROOT,
          "The %d teachers (m1..m%d each fine-tuned on the target: b-plain-transfer, t-m2..) as an"
              + " ensemble, probabilities averaged: top-1 %.2f%%, top-5 %.2f%% (the distilled run's"
              + " ceiling; one model at the cost of %d).",
          models.size(),
          models.size(),
          100 * ensemble.top1(),
          100 * ensemble.top5(),
          models.size());
    } finally {
      models.forEach(ExportedModel::close);
    }
  }

  private ResultRow scratch(Path dir, String name, String description, String reparam)
      throws IOException {
    TrainConfig run =
        base(
                "cifar100",
                name,
                dir,
                reparam,
                config.finetuneEpochs(),
                config.seed(),
                SCRATCH_LEARNING_RATE)
            .data(d -> d.fraction(TransferJob.FRACTION_DEFAULT))
            .build();
    LOG.info("step: {} ({})", name, description);
    RunSummary summary = RunSteps.ensureTrained(run, WeightInitializer.fromSeed());
    Path model = RunSteps.ensureExported(run.runPath(), config.dataDir(), List.of());
    return row(name, description, reparam, summary, model, 0);
  }

  private ResultRow transfer(
      Path dir,
      String name,
      String description,
      String reparam,
      List<Path> sources,
      List<Path> teachers)
      throws IOException {
    TrainConfig run =
        base(
                "cifar100",
                name,
                dir,
                reparam,
                config.finetuneEpochs(),
                config.seed(),
                TransferJob.LEARNING_RATE_DEFAULT)
            .data(d -> d.fraction(TransferJob.FRACTION_DEFAULT))
            .schedule(s -> s.fineTuning(headPhaseWithin(config.finetuneEpochs())))
            .optimizer(
                o ->
                    o.distillation(
                        teachers.isEmpty()
                            ? null
                            : new Distillation(
                                teachers,
                                Distillation.WEIGHT_DEFAULT,
                                Distillation.TEMPERATURE_DEFAULT)))
            .build();
    LOG.info("step: {} ({})", name, description);
    TransferJob.TransferResult result = TransferJob.run(sources, run);
    return row(name, description, reparam, result.summary(), result.model(), sources.size());
  }

  /** The default recipe, its head phase shortened to leave at least one epoch for everything. */
  static FineTuning headPhaseWithin(int epochs) {
    FineTuning recipe = TransferJob.FINE_TUNING_DEFAULT;
    return new FineTuning(
        Math.min(recipe.headEpochs(), epochs - 1),
        recipe.headLearningRate(),
        recipe.backboneMultiplier(),
        recipe.frozenLayers(),
        recipe.reestimateBatchNorm());
  }

  private TrainConfig.Builder base(
      String dataset,
      String name,
      Path dir,
      String reparam,
      int epochs,
      long seed,
      double learningRate) {
    TrainConfig.Builder builder =
        TrainConfig.builder()
            .data(d -> d.dataset(dataset).dataDir(config.dataDir().orElse(null)))
            .model(m -> m.arch(config.arch()).reparam(reparam))
            .schedule(s -> s.epochs(epochs))
            .run(
                r ->
                    r.seed(seed)
                        .outDir(dir.toAbsolutePath().normalize())
                        .runName(name)
                        .threads(config.threads()))
            .optimizer(o -> o.learningRate(learningRate));
    return builder;
  }

  private static ResultRow row(
      String name,
      String description,
      String reparam,
      RunSummary summary,
      Path model,
      int sources) {
    double maxDiff;
    try (ExportedModel exported = ExportedModel.load(model)) {
      maxDiff =
          exported.metadata().verification().map(v -> v.maxAbsLogitDifference()).orElse(Double.NaN);
    }
    return new ResultRow(
        name,
        description,
        reparam,
        summary.epochsDone(),
        summary.finalTop1(),
        summary.finalTop5(),
        summary.totalSeconds() / 60,
        maxDiff,
        sources);
  }

  /** Finds or fetches CIFAR-10 and CIFAR-100 into the data directory. */
  private void ensureData() {
    DataFetcher fetcher = new DataFetcher(DataDirectory.resolve(config.dataDir().orElse(null)));
    fetcher.fetch(CifarVariant.CIFAR10, Optional.empty());
    fetcher.fetch(CifarVariant.CIFAR100, cifar100Archive());
  }

  /**
   * The configured archive, else $KFLO_CIFAR100_ARCHIVE, else the development copy in
   * ../shared/data.
   */
  private Optional<Path> cifar100Archive() {
    if (config.cifar100Archive().isPresent()) {
      return config.cifar100Archive();
    }
    String fromEnv = System.getenv(CIFAR100_ARCHIVE_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(Path.of(fromEnv));
    }
    Path shared = Path.of("..", "shared", "data", "cifar-100-binary.tar.gz");
    return Files.isRegularFile(shared) ? Optional.of(shared) : Optional.empty();
  }
}
