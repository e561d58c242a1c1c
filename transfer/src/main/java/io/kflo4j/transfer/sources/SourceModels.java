package io.kflo4j.transfer.sources;

import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.trust.ModelTrust;
import io.kflo4j.transfer.init.SourceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads exported kflo4j SavedModels as transfer sources: their variables by name, restored into a
 * fresh graph, so that nothing of a source's own graph ever runs ({@link
 * ModelTrust#VARIABLES_ONLY}), whatever it holds.
 */
public final class SourceModels {
  private static final Logger LOG = LogManager.getLogger(SourceModels.class);

  private SourceModels() {}

  /** {@link #load(List, Consumer)} with the warnings logged. */
  public static List<SourceModel> load(List<Path> directories) {
    return load(directories, LOG::warn);
  }

  /**
   * Loads each directory; errors name the directory.
   *
   * @param warnings receives one line per source whose graph holds more than kflo4j's plain
   *     inference graph (a main op, other ops: it is not run, but the user should know), and per
   *     pair of sources with identical weights
   * @throws IllegalArgumentException when no directory is given, or one is given twice
   */
  public static List<SourceModel> load(List<Path> directories, Consumer<String> warnings) {
    return load(directories, "--from", warnings);
  }

  /**
   * {@link #load(List, Consumer)} for the models an option names (e.g. {@code --distill-from}),
   * which errors name.
   */
  public static List<SourceModel> load(
      List<Path> directories, String option, Consumer<String> warnings) {
    if (directories.isEmpty()) {
      throw new IllegalArgumentException("name at least one model (" + option + " DIR[,DIR...])");
    }
    checkDistinct(directories, option);
    List<SourceModel> sources = new ArrayList<>();
    for (Path directory : directories) {
      try (ExportedModel model = ExportedModel.load(directory, ModelTrust.VARIABLES_ONLY)) {
        model
            .graphViolation()
            .ifPresent(
                violation ->
                    warnings.accept(
                        "source "
                            + directory
                            + ": its graph holds "
                            + "more than kflo4j's plain inference graph ("
                            + violation
                            + "); only its variables are read, nothing "
                            + "of its graph runs"));
        SourceModel source =
            new SourceModel(
                directory.toString(),
                model.metadata().architecture(),
                model.metadata().numClasses(),
                model.readVariables(),
                model.variableShapes(),
                model.metadata().classNames());
        for (SourceModel earlier : sources) {
          if (sameWeights(earlier, source)) {
            warnings.accept(
                "sources "
                    + earlier.name()
                    + " and "
                    + directory
                    + " hold identical weights (copies of "
                    + "one model?): stacking them adds nothing a single source does not");
          }
        }
        sources.add(source);
      }
    }
    return sources;
  }

  /** Refuses a list naming one directory twice (compared as real paths when they exist). */
  private static void checkDistinct(List<Path> directories, String option) {
    Map<Path, Path> seen = new HashMap<>();
    for (Path directory : directories) {
      Path previous = seen.put(identity(directory), directory);
      if (previous != null) {
        throw new IllegalArgumentException(
            option
                + " names the model "
                + directory
                + " twice"
                + (previous.equals(directory) ? "" : " (also as " + previous + ")")
                + ": each source must be a different model");
      }
    }
  }

  private static Path identity(Path directory) {
    try {
      return Files.exists(directory)
          ? directory.toRealPath()
          : directory.toAbsolutePath().normalize();
    } catch (IOException e) {
      return directory.toAbsolutePath().normalize();
    }
  }

  private static boolean sameWeights(SourceModel a, SourceModel b) {
    return a.variables().keySet().equals(b.variables().keySet())
        && a.variables().entrySet().stream()
            .allMatch(entry -> Arrays.equals(entry.getValue(), b.variables().get(entry.getKey())));
  }
}
