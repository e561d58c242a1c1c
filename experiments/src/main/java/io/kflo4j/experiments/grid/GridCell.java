package io.kflo4j.experiments.grid;

import io.kflo4j.common.text.ControlCharacters;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cell of a grid: one ordinary run.
 *
 * @param dataset dataset spec ({@code cifar10}, {@code cifar100}, {@code folder:PATH})
 * @param fraction class-balanced fraction of the training set
 * @param arch architecture spec
 * @param method the method (parameterization, transfer sources, options)
 * @param seed the seed
 * @param epochs epochs
 */
public record GridCell(
    String dataset, double fraction, String arch, GridMethod method, long seed, int epochs) {

  /**
   * The cell's stable name, derived from its settings only: {@code
   * <dataset>[-f<fraction>]-<arch>-<method>-e<epochs> -s<seed>}, e.g. {@code
   * cifar100-f0.4-cifar-quick-plain-e12-s1}.
   */
  public String name() {
    return name(method.name());
  }

  /** The name of the cell that differs from this one only in its method, {@code methodName}. */
  private String name(String methodName) {
    String data =
        dataset.startsWith("folder:")
            ? "folder-" + Path.of(dataset.substring("folder:".length())).getFileName()
            : dataset;
    String fractionPart = fraction == 1.0 ? "" : "-f" + CellCommand.decimal(fraction);
    return (data + fractionPart + "-" + arch + "-" + methodName + "-e" + epochs + "-s" + seed)
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9.-]", "-");
  }

  /** The axes a table may group cells by, in {@link #axis}'s words. */
  public static final List<String> AXES =
      List.of("dataset", "fraction", "arch", "method", "seed", "epochs");

  /**
   * Checks that {@code axis} is one of {@link #AXES}.
   *
   * @param option names the value in the error, e.g. {@code --rows}
   * @throws IllegalArgumentException naming the option, the value and the axes
   */
  public static void checkAxis(String option, String axis) {
    if (!AXES.contains(axis)) {
      throw new IllegalArgumentException(
          option
              + " '"
              + ControlCharacters.escape(axis)
              + "' is not an axis: expected one of "
              + String.join(", ", AXES));
    }
  }

  /** The cell's settings in words, for messages. */
  public String describe() {
    return "dataset "
        + ControlCharacters.escape(dataset)
        + ", fraction "
        + CellCommand.decimal(fraction)
        + ", arch "
        + arch
        + ", method "
        + method.name()
        + ", seed "
        + seed;
  }

  /** The value of an axis by name: dataset, fraction, arch, method, seed or epochs. */
  public String axis(String axis) {
    return switch (axis) {
      case "dataset" -> dataset;
      case "fraction" -> CellCommand.decimal(fraction);
      case "arch" -> arch;
      case "method" -> method.name();
      case "seed" -> Long.toString(seed);
      case "epochs" -> Integer.toString(epochs);
      default ->
          throw new IllegalArgumentException(
              "unknown axis '"
                  + axis
                  + "': expected dataset, fraction, arch, method, seed or epochs");
    };
  }

  /** The {@code kflo} arguments that run this cell into {@code directory}. */
  public List<String> arguments(Path directory) {
    return command(directory, false).arguments();
  }

  /**
   * The {@code kflo} command that runs this cell into {@code directory}; with {@code resume}, a
   * training cell continues the run recorded there ({@code train --resume}) instead (a transfer
   * cell resumes by itself).
   */
  public CellCommand command(Path directory, boolean resume) {
    if (method.isEnsemble()) {
      return new CellCommand.Evaluate(
          method.ensembleOf().stream()
              .map(m -> directory.resolveSibling(name(m)).resolve("model"))
              .toList(),
          dataset,
          directory.resolve(ENSEMBLE_REPORT));
    }
    if (resume && !method.isTransfer()) {
      return new CellCommand.Resume(directory);
    }
    CellCommand.RunOptions options =
        new CellCommand.RunOptions(
            dataset,
            fraction,
            arch,
            method.reparam(),
            seed,
            epochs,
            method.arguments().stream()
                .map(argument -> resolveCells(argument, directory))
                .toList());
    return method.isTransfer()
        ? new CellCommand.Transfer(
            resolveCells(String.join(",", method.transferFrom()), directory), options, directory)
        : new CellCommand.Train(options, directory);
  }

  /** The directory, inside an ensemble cell, of its evaluation report. */
  public static final String ENSEMBLE_REPORT = "evaluation";

  private static final Pattern CELL_REFERENCE = Pattern.compile("\\{cell:([a-z0-9][a-z0-9.-]*)\\}");

  /** {@code text} with every {@code {cell:METHOD}} replaced by that sibling cell's directory. */
  private String resolveCells(String text, Path directory) {
    Matcher matcher = CELL_REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(
          out,
          Matcher.quoteReplacement(directory.resolveSibling(name(matcher.group(1))).toString()));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
