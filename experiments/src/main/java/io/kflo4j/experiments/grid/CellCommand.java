package io.kflo4j.experiments.grid;

import static io.kflo4j.experiments.grid.KfloArguments.ARCH;
import static io.kflo4j.experiments.grid.KfloArguments.DATASET;
import static io.kflo4j.experiments.grid.KfloArguments.EPOCHS;
import static io.kflo4j.experiments.grid.KfloArguments.EVAL;
import static io.kflo4j.experiments.grid.KfloArguments.FRACTION;
import static io.kflo4j.experiments.grid.KfloArguments.FROM;
import static io.kflo4j.experiments.grid.KfloArguments.GRID;
import static io.kflo4j.experiments.grid.KfloArguments.GRID_CELL;
import static io.kflo4j.experiments.grid.KfloArguments.INDEX;
import static io.kflo4j.experiments.grid.KfloArguments.MODEL;
import static io.kflo4j.experiments.grid.KfloArguments.OUT;
import static io.kflo4j.experiments.grid.KfloArguments.REPARAM;
import static io.kflo4j.experiments.grid.KfloArguments.RESUME;
import static io.kflo4j.experiments.grid.KfloArguments.SEED;
import static io.kflo4j.experiments.grid.KfloArguments.TRAIN;
import static io.kflo4j.experiments.grid.KfloArguments.TRANSFER;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code kflo} command that a grid runs, typed: the subcommand and its options. This file is the
 * one place that writes them as {@code kflo}'s arguments, in the names of {@link KfloArguments}
 * that the command line declares; the command line's tests parse every form with the real parser.
 */
public sealed interface CellCommand
    permits CellCommand.Train,
        CellCommand.Resume,
        CellCommand.Transfer,
        CellCommand.Evaluate,
        CellCommand.RunGridCell {

  /** The {@code kflo} arguments, one word per element, without the {@code kflo} itself. */
  List<String> arguments();

  /**
   * The options of a run that {@code kflo train} and {@code kflo transfer} share.
   *
   * @param dataset the dataset spec ({@code cifar10}, {@code cifar100}, {@code folder:PATH})
   * @param fraction the class-balanced fraction of the training set
   * @param arch the architecture spec
   * @param reparam the parameterization spec
   * @param seed the seed
   * @param epochs the epochs
   * @param extraArguments further {@code kflo} arguments, as they are (a grid method's own)
   */
  record RunOptions(
      String dataset,
      double fraction,
      String arch,
      String reparam,
      long seed,
      int epochs,
      List<String> extraArguments) {
    /** Copies the list. */
    public RunOptions {
      extraArguments = List.copyOf(extraArguments);
    }

    /** The options as arguments, the extra arguments last. */
    List<String> arguments() {
      List<String> args =
          new ArrayList<>(
              List.of(
                  DATASET,
                  dataset,
                  FRACTION,
                  decimal(fraction),
                  ARCH,
                  arch,
                  REPARAM,
                  reparam,
                  SEED,
                  Long.toString(seed),
                  EPOCHS,
                  Integer.toString(epochs)));
      args.addAll(extraArguments);
      return args;
    }
  }

  /**
   * {@code kflo train OPTIONS --out OUT}: trains a model from scratch.
   *
   * @param options the run's options
   * @param out the run directory
   */
  record Train(RunOptions options, Path out) implements CellCommand {
    @Override
    public List<String> arguments() {
      List<String> args = new ArrayList<>(List.of(TRAIN));
      args.addAll(options.arguments());
      args.addAll(List.of(OUT, out.toString()));
      return args;
    }
  }

  /**
   * {@code kflo train --resume --out OUT}: continues the training run recorded in {@code out}.
   *
   * @param out the run directory
   */
  record Resume(Path out) implements CellCommand {
    @Override
    public List<String> arguments() {
      return List.of(TRAIN, RESUME, OUT, out.toString());
    }
  }

  /**
   * {@code kflo transfer --from SOURCES OPTIONS --out OUT}: fine-tunes from source runs or models.
   *
   * @param from the sources, separated by commas
   * @param options the run's options
   * @param out the run directory
   */
  record Transfer(String from, RunOptions options, Path out) implements CellCommand {
    @Override
    public List<String> arguments() {
      List<String> args = new ArrayList<>(List.of(TRANSFER, FROM, from));
      args.addAll(options.arguments());
      args.addAll(List.of(OUT, out.toString()));
      return args;
    }
  }

  /**
   * {@code kflo eval --model MODELS --dataset DATASET --out OUT}: evaluates models, several as an
   * ensemble.
   *
   * @param models the exported models
   * @param dataset the dataset spec
   * @param out the report's directory
   */
  record Evaluate(List<Path> models, String dataset, Path out) implements CellCommand {
    /** Copies the list. */
    public Evaluate {
      models = List.copyOf(models);
    }

    @Override
    public List<String> arguments() {
      return List.of(
          EVAL,
          MODEL,
          models.stream().map(Path::toString).collect(Collectors.joining(",")),
          DATASET,
          dataset,
          OUT,
          out.toString());
    }
  }

  /**
   * {@code kflo grid cell GRID --index INDEX}: runs one cell of a prepared grid, as a Slurm array
   * task does.
   *
   * @param grid the grid directory
   * @param index the cell's index, 0-based
   */
  record RunGridCell(Path grid, int index) implements CellCommand {
    @Override
    public List<String> arguments() {
      List<String> args = new ArrayList<>(withoutIndex(grid));
      args.add(Integer.toString(index));
      return args;
    }

    /**
     * The arguments up to the index's value, which a job script appends from its environment
     * ({@code $SLURM_ARRAY_TASK_ID}).
     */
    public static List<String> withoutIndex(Path grid) {
      return List.of(GRID, GRID_CELL, grid.toString(), INDEX);
    }
  }

  /** {@code value} as Java writes a double, without a trailing {@code .0}: 1, 0.4, 1.0E-4. */
  static String decimal(double value) {
    String text = Double.toString(value);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }
}
