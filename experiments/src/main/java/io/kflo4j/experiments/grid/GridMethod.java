package io.kflo4j.experiments.grid;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One method of a grid: a row of the paper's tables, such as {@code plain}, {@code ema} or {@code
 * kflo2x4-tl}.
 *
 * @param name flat name used in cell names and tables ({@code [a-z0-9][a-z0-9.-]*})
 * @param reparam the parameterization spec passed as {@code --reparam}
 * @param transferFrom source SavedModels; when not empty the cell runs {@code kflo transfer --from
 *     ...}
 * @param arguments further {@code kflo train} / {@code kflo transfer} options, e.g. {@code
 *     ["--ema", "0.999"]}; in them and in {@code transferFrom}, {@code {cell:METHOD}} stands for
 *     the directory of the cell of method METHOD with this cell's other settings (e.g. a teacher
 *     fine-tuned with the same seed: {@code "{cell:tl-m2}/model"})
 * @param ensembleOf when not empty, the cell trains nothing: it evaluates the ensemble of these
 *     methods' exported models ({@code kflo eval --model ...}) on the dataset's test set
 */
public record GridMethod(
    String name,
    String reparam,
    List<String> transferFrom,
    List<String> arguments,
    List<String> ensembleOf) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");

  /** A method that trains (or fine-tunes) a network. */
  public GridMethod(
      String name, String reparam, List<String> transferFrom, List<String> arguments) {
    this(name, reparam, transferFrom, arguments, List.of());
  }

  /** Validates the name and copies the lists (null means empty). */
  public GridMethod {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("method name '" + name + "' must match " + NAME.pattern());
    }
    transferFrom = transferFrom == null ? List.of() : List.copyOf(transferFrom);
    arguments = arguments == null ? List.of() : List.copyOf(arguments);
    ensembleOf = ensembleOf == null ? List.of() : List.copyOf(ensembleOf);
    if (ensembleOf.isEmpty() && (reparam == null || reparam.isBlank())) {
      throw new IllegalArgumentException("method '" + name + "' needs a reparam");
    }
    if (!ensembleOf.isEmpty() && (!transferFrom.isEmpty() || !arguments.isEmpty())) {
      throw new IllegalArgumentException(
          "method '" + name + "' evaluates an ensemble: it takes no transferFrom or arguments");
    }
  }

  /** Whether cells of this method evaluate an ensemble of other cells' models. */
  public boolean isEnsemble() {
    return !ensembleOf.isEmpty();
  }

  /** Whether cells of this method fine-tune from source models. */
  public boolean isTransfer() {
    return !transferFrom.isEmpty();
  }
}
