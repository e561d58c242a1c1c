package io.kflo4j.cli;

import io.kflo4j.training.config.TrainConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options shared by {@code kflo train} and {@code kflo transfer}; unset ones keep the caller's
 * defaults.
 */
final class TrainOptions {
  @Option(
      names = "--dataset",
      description =
          "cifar10, cifar100 or folder:PATH (your images: one sub-folder of PNG or "
              + "JPEG images per class, any size, resized to 32x32; see docs/DATA.md)")
  String dataset;

  @Option(
      names = "--arch",
      defaultValue = "cifar-quick",
      description = "cifar-quick, vgg16, wrn-D-K or diracnet-D-K (default: ${DEFAULT-VALUE})")
  String arch;

  @Option(names = "--reparam", description = "${sys:kflo.parameterizations}")
  String reparam;

  @Option(
      names = "--epochs",
      defaultValue = "10",
      description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "seeds data order, subsets and initial weights (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--fraction",
      description = "class-balanced fraction of the training set (default: 1.0)")
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
      description = "cosine, constant or step:M1,M2:GAMMA (default: cosine)")
  String schedule;

  @Option(names = "--warmup-epochs", description = "linear warm-up epochs (default: 0)")
  Integer warmupEpochs;

  @Option(names = "--batch", description = "batch size (default: 128)")
  Integer batch;

  @Option(names = "--wd", description = "vanilla weight decay (default: 1e-4)")
  Double weightDecay;

  @Option(names = "--momentum", description = "SGD momentum (default: 0.9)")
  Double momentum;

  @Option(names = "--nesterov", description = "Nesterov momentum")
  boolean nesterov;

  @Option(
      names = "--ema",
      description = "keep an EMA of the weights with this decay (e.g. 0.999) and evaluate with it")
  Double ema;

  @Option(
      names = "--threads",
      description = "TensorFlow intra-op threads, 0 = TensorFlow's default (default: 0)")
  Integer threads;

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
    TrainConfig.Builder builder =
        TrainConfig.builder()
            .setDataset(dataset == null ? defaultDataset : dataset)
            .setArch(arch)
            .setReparam(reparam == null ? defaultReparam : reparam)
            .setEpochs(epochs)
            .setSeed(seed)
            .setOutDir(absolute.getParent())
            .setRunName(absolute.getFileName().toString())
            .optLearningRate(learningRate == null ? defaultLearningRate : learningRate)
            .optNesterov(nesterov);
    if (fraction != null) {
      builder.optFraction(fraction);
    }
    if (validation != null) {
      builder.optValidationFraction(validation);
    }
    if (schedule != null) {
      builder.optSchedule(schedule);
    }
    if (warmupEpochs != null) {
      builder.optWarmupEpochs(warmupEpochs);
    }
    if (batch != null) {
      builder.optBatchSize(batch);
    }
    if (weightDecay != null) {
      builder.optWeightDecay(weightDecay);
    }
    if (momentum != null) {
      builder.optMomentum(momentum);
    }
    if (ema != null) {
      builder.optEma(ema);
    }
    if (threads != null) {
      builder.optThreads(threads);
    }
    if (dataDir != null) {
      builder.optDataDir(dataDir);
    }
    return builder.build();
  }
}
