package io.kflo4j.experiments.quickstart;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The quickstart's settings. Defaults fit about 20 minutes on a 2-core machine; raise the epochs
 * (and the architecture) towards the paper's schedule.
 */
public final class QuickstartConfig {
  /** Pretrained CIFAR-10 models. */
  public static final int SOURCES_DEFAULT = 4;

  /** Epochs of each CIFAR-10 pretraining. */
  public static final int PRETRAIN_EPOCHS_DEFAULT = 4;

  /** Epochs of each CIFAR-100 run. */
  public static final int FINETUNE_EPOCHS_DEFAULT = 12;

  /** The architecture. */
  public static final String ARCH_DEFAULT = "cifar-quick";

  private final Path outDir;
  private final int sources;
  private final int pretrainEpochs;
  private final int finetuneEpochs;
  private final String arch;
  private final long seed;
  private final Optional<Path> dataDir;
  private final Optional<Path> cifar100Archive;
  private final int threads;

  private QuickstartConfig(Builder b) {
    outDir = b.outDir;
    sources = b.sources;
    pretrainEpochs = b.pretrainEpochs;
    finetuneEpochs = b.finetuneEpochs;
    arch = b.arch;
    seed = b.seed;
    dataDir = Optional.ofNullable(b.dataDir);
    cifar100Archive = Optional.ofNullable(b.cifar100Archive);
    threads = b.threads;
  }

  /** A builder; {@link Builder#setOutDir} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Where the models, runs and results go. */
  public Path outDir() {
    return outDir;
  }

  /** N, the number of pretrained models. */
  public int sources() {
    return sources;
  }

  /** Epochs of each pretraining. */
  public int pretrainEpochs() {
    return pretrainEpochs;
  }

  /** Epochs of each CIFAR-100 run. */
  public int finetuneEpochs() {
    return finetuneEpochs;
  }

  /** The architecture of every model. */
  public String arch() {
    return arch;
  }

  /** The base seed: model i is pretrained with seed + i. */
  public long seed() {
    return seed;
  }

  /** The data directory, when not the default. */
  public Optional<Path> dataDir() {
    return dataDir;
  }

  /** A CIFAR-100 archive to install from when the data directory lacks it. */
  public Optional<Path> cifar100Archive() {
    return cifar100Archive;
  }

  /** TensorFlow intra-op threads, 0 for the default. */
  public int threads() {
    return threads;
  }

  /** Builder with validation in {@link #build()}. */
  public static final class Builder {
    private Path outDir;
    private int sources = SOURCES_DEFAULT;
    private int pretrainEpochs = PRETRAIN_EPOCHS_DEFAULT;
    private int finetuneEpochs = FINETUNE_EPOCHS_DEFAULT;
    private String arch = ARCH_DEFAULT;
    private long seed = 1;
    private Path dataDir;
    private Path cifar100Archive;
    private int threads;

    /** Required: the output directory. */
    public Builder setOutDir(Path outDir) {
      this.outDir = outDir;
      return this;
    }

    /** N pretrained models (>= 1). */
    public Builder optSources(int sources) {
      this.sources = sources;
      return this;
    }

    /** Pretraining epochs (>= 1). */
    public Builder optPretrainEpochs(int epochs) {
      this.pretrainEpochs = epochs;
      return this;
    }

    /** CIFAR-100 epochs (>= 1). */
    public Builder optFinetuneEpochs(int epochs) {
      this.finetuneEpochs = epochs;
      return this;
    }

    /** The architecture spec. */
    public Builder optArch(String arch) {
      this.arch = arch;
      return this;
    }

    /** The base seed. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The data directory. */
    public Builder optDataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** A CIFAR-100 archive. */
    public Builder optCifar100Archive(Path archive) {
      this.cifar100Archive = archive;
      return this;
    }

    /** TensorFlow intra-op threads (>= 0). */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Validates and builds. */
    public QuickstartConfig build() {
      List<String> problems = new ArrayList<>();
      if (outDir == null) {
        problems.add("outDir is required");
      }
      if (sources < 1) {
        problems.add("--sources must be >= 1, got " + sources);
      }
      if (pretrainEpochs < 1) {
        problems.add("--pretrain-epochs must be >= 1, got " + pretrainEpochs);
      }
      if (finetuneEpochs < 1) {
        problems.add("--epochs must be >= 1, got " + finetuneEpochs);
      }
      if (threads < 0) {
        problems.add("--threads must be >= 0, got " + threads);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "bad quickstart configuration: " + String.join("; ", problems));
      }
      return new QuickstartConfig(this);
    }
  }
}
