package io.kflo4j.training.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a run lives and how it runs: its seed, its threads and its directory {@code
 * outDir/runName}.
 *
 * @param seed the seed of initialization, data order, subsets and augmentation
 * @param threads TensorFlow intra-op threads, >= 0 (0: TensorFlow's own choice)
 * @param outDir the directory holding the run directory (kept as given: relative stays relative)
 * @param runName the run directory's name, a plain directory name ({@link #checkRunName})
 * @param histogramEvery the epochs between weight histograms in the TensorBoard file (and the last
 *     epoch's), 0 for none
 * @param stepRatioEvery the steps between step-ratio measurements ({@code step-ratios.csv}), 0 for
 *     none
 */
public record RunSettings(
    long seed, int threads, Path outDir, String runName, int histogramEvery, int stepRatioEvery) {
  /** The default epochs between weight histograms: none. */
  public static final int DEFAULT_HISTOGRAM_EVERY = 0;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Checks every value, naming each bad one. */
  public RunSettings {
    Problems problems =
        new Problems()
            .check(threads >= 0, "threads must be >= 0, got " + threads)
            .check(
                histogramEvery >= 0,
                "histogramEvery must be >= 0 (0: no weight histograms), got " + histogramEvery)
            .check(
                stepRatioEvery >= 0,
                "--step-ratio-every must be >= 0 (0: no step ratios), got " + stepRatioEvery)
            .require("outDir", outDir)
            .require("runName", runName);
    if (runName != null) {
      problems.attempt(() -> checkRunName(runName));
    }
    problems.throwIfAny();
  }

  /** The run directory, {@code outDir/runName}. */
  public Path runPath() {
    return outDir.resolve(runName);
  }

  /**
   * Whether {@code name} is a plain directory name: letters, digits, '.', '_' and '-', starting
   * with a letter or digit (no path separator, no "..", not hidden).
   */
  public static boolean isPlainName(String name) {
    return NAME.matcher(name).matches();
  }

  /**
   * Checks that {@code runName} is a plain directory name: letters, digits, '.', '_' and '-',
   * starting with a letter or digit (so no path separators, no "..", no hidden names).
   *
   * @return {@code runName}
   * @throws IllegalArgumentException naming the value if it is not
   */
  public static String checkRunName(String runName) {
    if (runName == null || !isPlainName(runName)) {
      throw new IllegalArgumentException(
          "runName must be a plain directory name (letters, digits, '.', '_',"
              + " '-', starting with a letter or digit), got "
              + (runName == null ? "null" : "'" + runName + "'"));
    }
    return runName;
  }

  /**
   * Whether the weight histograms of {@code epoch} go to TensorBoard: every {@link #histogramEvery}
   * epochs and the last one, none when it is 0.
   */
  public boolean chartsHistograms(int epoch, int lastEpoch) {
    return histogramEvery > 0 && (epoch % histogramEvery == 0 || epoch == lastEpoch);
  }

  /** Whether the step at {@code iteration} (0-based) measures its step ratios. */
  public boolean measuresStepRatios(long iteration) {
    return stepRatioEvery > 0 && iteration % stepRatioEvery == 0;
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    return new Builder()
        .seed(seed)
        .threads(threads)
        .outDir(outDir)
        .runName(runName)
        .histogramEvery(histogramEvery)
        .stepRatioEvery(stepRatioEvery);
  }

  /** The mutable form (also the JSON form: absent keys keep the defaults). */
  public static final class Builder {
    private Long seed;
    private int threads;
    private Path outDir;
    private String runName;
    private int histogramEvery = DEFAULT_HISTOGRAM_EVERY;
    private int stepRatioEvery;

    /** Sets the seed (required). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Sets the threads. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Sets the directory holding the run directory (required). */
    public Builder outDir(Path outDir) {
      this.outDir = outDir;
      return this;
    }

    /** Sets the run directory's name (required). */
    public Builder runName(String runName) {
      this.runName = runName;
      return this;
    }

    /** Sets the epochs between weight histograms (0: none). */
    public Builder histogramEvery(int histogramEvery) {
      this.histogramEvery = histogramEvery;
      return this;
    }

    /** Sets the steps between step-ratio measurements (0: none). */
    public Builder stepRatioEvery(int stepRatioEvery) {
      this.stepRatioEvery = stepRatioEvery;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming every bad field
     */
    public RunSettings build() {
      new Problems()
          .require("seed", seed)
          .attempt(
              () ->
                  new RunSettings(
                      seed == null ? 0 : seed,
                      threads,
                      outDir,
                      runName,
                      histogramEvery,
                      stepRatioEvery))
          .throwIfAny();
      return new RunSettings(seed, threads, outDir, runName, histogramEvery, stepRatioEvery);
    }
  }
}
