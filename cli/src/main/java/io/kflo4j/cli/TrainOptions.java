package io.kflo4j.cli;

import static io.kflo4j.experiments.grid.KfloArguments.ARCH;
import static io.kflo4j.experiments.grid.KfloArguments.DATASET;
import static io.kflo4j.experiments.grid.KfloArguments.EPOCHS;
import static io.kflo4j.experiments.grid.KfloArguments.FRACTION;
import static io.kflo4j.experiments.grid.KfloArguments.REPARAM;
import static io.kflo4j.experiments.grid.KfloArguments.SEED;

import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.config.RunSettings;
import io.kflo4j.training.config.ScheduleSettings;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.transfer.TransferJob;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options shared by {@code kflo train} and {@code kflo transfer}, bound to the configuration's
 * groups; defaults come from the groups' constants (shown by {@code ${DEFAULT-VALUE}}), or, where
 * they depend on the command, from the caller.
 */
final class TrainOptions {
  @Option(
      names = DATASET,
      description =
          "cifar10, cifar100 or folder:PATH (your images: one sub-folder of PNG or "
              + "JPEG images per class, any size, resized to 32x32; see docs/DATA.md)")
  String dataset;

  @Option(
      names = ARCH,
      defaultValue = "cifar-quick",
      description = "cifar-quick, vgg16, wrn-D-K or diracnet-D-K (default: ${DEFAULT-VALUE})")
  String arch;

  @Option(names = REPARAM, description = "${sys:kflo.parameterizations}")
  String reparam;

  @Option(names = EPOCHS, defaultValue = "10", description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = SEED,
      defaultValue = "1",
      description = "seeds data order, subsets and initial weights (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = FRACTION,
      description = "class-balanced fraction of the training set (default: all of it)")
  Double fraction;

  @Option(
      names = "--validation",
      description =
          "class-balanced validation hold-out fraction; 0 evaluates on the test set "
              + "(default: 0; for folder:PATH, which has no test set, 0.2)")
  Double validation;

  @Option(names = "--lr", description = "base learning rate")
  Double learningRate;

  @Option(
      names = "--schedule",
      defaultValue = ScheduleSettings.SCHEDULE_DEFAULT,
      description = "cosine, constant or step:M1,M2:GAMMA (default: ${DEFAULT-VALUE})")
  String schedule;

  @Option(
      names = "--warmup-epochs",
      defaultValue = "0",
      description = "linear warm-up epochs (default: ${DEFAULT-VALUE})")
  int warmupEpochs;

  @Option(
      names = "--batch",
      defaultValue = "" + OptimizerSettings.BATCH_SIZE_DEFAULT,
      description = "batch size (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(
      names = "--wd",
      defaultValue = "" + OptimizerSettings.WEIGHT_DECAY_DEFAULT,
      description = "vanilla weight decay (default: ${DEFAULT-VALUE})")
  double weightDecay;

  @Option(
      names = "--momentum",
      defaultValue = "" + OptimizerSettings.MOMENTUM_DEFAULT,
      description = "SGD momentum (default: ${DEFAULT-VALUE})")
  double momentum;

  @Option(names = "--nesterov", description = "Nesterov momentum")
  boolean nesterov;

  @Option(
      names = "--ema",
      description = "keep an EMA of the weights with this decay (e.g. 0.999) and evaluate with it")
  Double ema;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description =
          "TensorFlow intra-op threads, 0 = TensorFlow's default (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--histograms-every",
      defaultValue = "" + RunSettings.DEFAULT_HISTOGRAM_EVERY,
      paramLabel = "N",
      description =
          "write the weight histograms to TensorBoard every N epochs and after the last one,"
              + " 0 = never (default: ${DEFAULT-VALUE})")
  int histogramEvery;

  @Option(
      names = "--step-ratio-every",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "every N steps, measure how far a step moves each generated kernel in plain steps"
              + " (RUN/step-ratios.csv, TensorBoard), 0 = never (default: ${DEFAULT-VALUE})")
  int stepRatioEvery;

  @Option(
      names = "--cascade-lr-scale",
      paramLabel = "S",
      description =
          "rate of KFLO's cascade kernels relative to their layer's: a factor in [0, 1], or auto[:BETA]"
              + " (per layer, BETA over the step ratio of the cascade measured on the first step;"
              + " docs/TRANSFER.md) (default: 1 for train, "
              + TransferJob.CASCADE_RATE_DEFAULT
              + " for transfer)")
  String cascadeRate;

  @Option(
      names = "--data-dir",
      description = "data directory (default: $KFLO_DATA_DIR or the user cache)")
  Path dataDir;

  /**
   * The configuration for a run in {@code out}, with the given defaults where an option is unset.
   */
  TrainConfig toConfig(
      Path out, String defaultDataset, String defaultReparam, double defaultLearningRate) {
    Path absolute = out.toAbsolutePath().normalize();
    return TrainConfig.builder()
        .data(
            d -> {
              d.dataset(dataset == null ? defaultDataset : dataset);
              d.validationFraction(validation).dataDir(dataDir);
              if (fraction != null) {
                d.fraction(fraction);
              }
            })
        .model(m -> m.arch(arch).reparam(reparam == null ? defaultReparam : reparam))
        .optimizer(
            o ->
                o.learningRate(learningRate == null ? defaultLearningRate : learningRate)
                    .batchSize(batch)
                    .weightDecay(weightDecay)
                    .momentum(momentum)
                    .nesterov(nesterov)
                    .ema(ema)
                    .cascadeRate(cascadeRate))
        .schedule(s -> s.epochs(epochs).schedule(schedule).warmupEpochs(warmupEpochs))
        .run(
            r ->
                r.seed(seed)
                    .threads(threads)
                    .histogramEvery(histogramEvery)
                    .stepRatioEvery(stepRatioEvery)
                    .outDir(absolute.getParent())
                    .runName(absolute.getFileName().toString()))
        .build();
  }
}
