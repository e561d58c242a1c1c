package io.kflo4j.training.grid;

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
 *     ["--ema", "0.999"]}
 */
public record GridMethod(
    String name, String reparam, List<String> transferFrom, List<String> arguments) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");

  /** Validates the name and copies the lists (null means empty). */
  public GridMethod {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("method name '" + name + "' must match " + NAME.pattern());
    }
    if (reparam == null || reparam.isBlank()) {
      throw new IllegalArgumentException("method '" + name + "' needs a reparam");
    }
    transferFrom = transferFrom == null ? List.of() : List.copyOf(transferFrom);
    arguments = arguments == null ? List.of() : List.copyOf(arguments);
  }

  /** Whether cells of this method fine-tune from source models. */
  public boolean isTransfer() {
    return !transferFrom.isEmpty();
  }
}
