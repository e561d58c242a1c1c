package io.kflo4j.experiments.grid;

import io.kflo4j.common.text.ControlCharacters;
import java.nio.file.Path;
import java.util.ArrayList;
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
    String fractionPart = fraction == 1.0 ? "" : "-f" + trim(fraction);
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
        + trim(fraction)
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
      case "fraction" -> trim(fraction);
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
    return arguments(directory, false);
  }

  /**
   * The {@code kflo} arguments that run this cell into {@code directory}; with {@code resume}, a
   * training cell continues the run recorded there ({@code train --resume}) instead (a transfer
   * cell resumes by itself).
   */
  public List<String> arguments(Path directory, boolean resume) {
    if (method.isEnsemble()) {
      return List.of(
          "eval",
          "--model",
          String.join(
              ",",
              method.ensembleOf().stream()
                  .map(m -> directory.resolveSibling(name(m)).resolve("model").toString())
                  .toList()),
          "--dataset",
          dataset,
          "--out",
          directory.resolve(ENSEMBLE_REPORT).toString());
    }
    if (resume && !method.isTransfer()) {
      return List.of("train", "--resume", "--out", directory.toString());
    }
    List<String> args = new ArrayList<>();
    args.add(method.isTransfer() ? "transfer" : "train");
    if (method.isTransfer()) {
      args.add("--from");
      args.add(resolveCells(String.join(",", method.transferFrom()), directory));
    }
    args.addAll(
        List.of(
            "--dataset",
            dataset,
            "--fraction",
            trim(fraction),
            "--arch",
            arch,
            "--reparam",
            method.reparam(),
            "--seed",
            Long.toString(seed),
            "--epochs",
            Integer.toString(epochs)));
    method.arguments().forEach(argument -> args.add(resolveCells(argument, directory)));
    args.add("--out");
    args.add(directory.toString());
    return args;
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

  private static String trim(double value) {
    String text = Double.toString(value);
    return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
  }
}
