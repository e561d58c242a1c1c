package io.kflo4j.experiments.grid;

/**
 * The names of the {@code kflo} subcommands and options that a grid's cell commands use ({@link
 * CellCommand}): the one spelling that {@link CellCommand#arguments()} writes and the command
 * line's picocli commands declare.
 */
public final class KfloArguments {
  /** {@code kflo train}. */
  public static final String TRAIN = "train";

  /** {@code kflo transfer}. */
  public static final String TRANSFER = "transfer";

  /** {@code kflo eval}. */
  public static final String EVAL = "eval";

  /** {@code kflo grid}. */
  public static final String GRID = "grid";

  /** {@code kflo grid cell}. */
  public static final String GRID_CELL = "cell";

  /** The dataset spec. */
  public static final String DATASET = "--dataset";

  /** The class-balanced fraction of the training set. */
  public static final String FRACTION = "--fraction";

  /** The architecture spec. */
  public static final String ARCH = "--arch";

  /** The parameterization spec. */
  public static final String REPARAM = "--reparam";

  /** The seed. */
  public static final String SEED = "--seed";

  /** The epochs. */
  public static final String EPOCHS = "--epochs";

  /** The output directory. */
  public static final String OUT = "--out";

  /** {@code kflo train --resume}: continue the run in {@code --out}. */
  public static final String RESUME = "--resume";

  /** {@code kflo transfer --from}: the source runs or models, separated by commas. */
  public static final String FROM = "--from";

  /** {@code kflo eval --model}: the models, separated by commas. */
  public static final String MODEL = "--model";

  /** {@code kflo grid cell --index}: the cell's index. */
  public static final String INDEX = "--index";

  private KfloArguments() {}
}
