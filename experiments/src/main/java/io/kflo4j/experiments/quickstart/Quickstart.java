package io.kflo4j.experiments.quickstart;

import io.kflo4j.datasets.DataDirectory;
import io.kflo4j.datasets.DataFetcher;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.training.Training;
import io.kflo4j.training.config.FineTuning;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.WeightInitializer;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.transfer.TransferJob;
import io.kflo4j.transfer.run.RunExport;
import io.kflo4j.transfer.run.RunExports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The main job: pretrain N models on CIFAR-10 (different seeds; model 2 with KFLO 2x4, the others
 * plain), export them; then on a class-balanced 40% of CIFAR-100 run (a) plain from scratch, (b)
 * plain transfer from model 1, (c) kflo:2xN from scratch, (d) kflo:2xN transfer from the best of
 * the N, as {@code kflo transfer} does by default ({@link TransferJob#STACKING_DEFAULT}: the
 * sources ranked by a linear probe on the target; the cascade's rate fitted to the step, {@link
 * TransferJob#CASCADE_RATE_DEFAULT}); export and verify each; write the results table. Every step
 * is resumable and skipped when already done, so a second invocation reuses finished work.
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
                  sourceReparam(i),
                  config.pretrainEpochs(),
                  config.seed() + i,
                  SCRATCH_LEARNING_RATE)
              .build();
      LOG.info(
          "step: pretrain CIFAR-10 model {}/{} ({} epochs)",
          i,
          config.sources(),
          config.pretrainEpochs());
      Training.ensureTrained(pretrain, WeightInitializer.fromSeed());
      sources.add(exported(pretrain));
    }
    Path targetDir = config.outDir().resolve("cifar100");
    List<ResultRow> rows = new ArrayList<>();
    for (TargetRun target : targetRuns(config.sources())) {
      rows.add(
          target.fromScratch()
              ? scratch(targetDir, target.name(), target.description(), target.reparam())
              : transfer(
                  targetDir,
                  target.name(),
                  target.description(),
                  target.reparam(),
                  sources.subList(0, target.sources())));
    }
    String title =
        String.format(
            "%s on %.0f%% of CIFAR-100 (%d epochs; %d CIFAR-10 sources, %d epochs each)",
            config.arch(),
            100 * TransferJob.FRACTION_DEFAULT,
            config.finetuneEpochs(),
            config.sources(),
            config.pretrainEpochs());
    ResultsReport.write(config.outDir(), title, rows);
    LOG.info(
        "quickstart done in {} min; results in {}",
        String.format("%.1f", (System.nanoTime() - start) / 6e10),
        config.outDir().resolve(ResultsReport.MARKDOWN));
    return rows;
  }

  /**
   * How source {@code i} (1-based) is pretrained: m2 with KFLO 2x4 (collapsed into the plain
   * architecture by its export), the others plain, as in the multi-source benchmark of
   * docs/RESULTS.md, where the KFLO-pretrained source transferred best.
   */
  static String sourceReparam(int i) {
    return i == 2 ? "kflo:2x4" : "plain";
  }

  /**
   * One CIFAR-100 run of the quickstart.
   *
   * @param name run directory name and table row
   * @param description what the row is
   * @param reparam the parameterization
   * @param sources how many pretrained sources it starts from (0: from scratch)
   */
  record TargetRun(String name, String description, String reparam, int sources) {
    boolean fromScratch() {
      return sources == 0;
    }
  }

  /**
   * The four CIFAR-100 runs for N sources: plain from scratch, plain transfer from m1, kflo:2xN
   * from scratch and kflo:2xN transfer from the best of m1..mN (the default stacking, {@link
   * TransferJob#STACKING_DEFAULT}). The KFLO pair has one width, so the table compares like with
   * like.
   */
  static List<TargetRun> targetRuns(int sources) {
    String kfloN = TransferJob.defaultReparam(sources);
    String kfloName = kfloN.replace(":", "");
    return List.of(
        new TargetRun("a-plain-scratch", "plain, from scratch", "plain", 0),
        new TargetRun("b-plain-transfer", "plain, transfer from m1", "plain", 1),
        new TargetRun("c-" + kfloName + "-scratch", kfloN + ", from scratch", kfloN, 0),
        new TargetRun(
            "d-" + kfloName + "-transfer",
            kfloN + ", transfer from " + (sources == 1 ? "m1" : "the best of m1..m" + sources),
            kfloN,
            sources));
  }

  /** The run's model, exported (and verified) into it unless it is there. */
  private Path exported(TrainConfig run) throws IOException {
    return RunExports.ensureExported(
        RunExport.intoRun(run.runPath()).withDataDir(config.dataDir()));
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
    RunSummary summary = Training.ensureTrained(run, WeightInitializer.fromSeed());
    Path model = exported(run);
    return row(name, description, reparam, summary, model, 0);
  }

  private ResultRow transfer(
      Path dir, String name, String description, String reparam, List<Path> sources)
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
            .optimizer(o -> o.cascadeRate(TransferJob.CASCADE_RATE_DEFAULT))
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
