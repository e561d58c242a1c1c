package io.kflo4j.transfer.sources;

import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.savedmodels.trust.ModelTrust;
import io.kflo4j.transfer.init.SourceModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads exported kflo4j SavedModels as transfer sources: their variables by name, restored into a fresh graph, so that
 * nothing of a source's own graph ever runs ({@link ModelTrust#VARIABLES_ONLY}), whatever it holds.
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
   * @param warnings receives one line per source whose graph holds more than kflo4j's plain inference graph (a main
   *     op, other ops: it is not run, but the user should know)
   * @throws IllegalArgumentException when no directory is given
   */
  public static List<SourceModel> load(List<Path> directories, Consumer<String> warnings) {
    if (directories.isEmpty()) {
      throw new IllegalArgumentException("name at least one source model (--from DIR[,DIR...])");
    }
    List<SourceModel> sources = new ArrayList<>();
    for (Path directory : directories) {
      try (ExportedModel model = ExportedModel.load(directory, ModelTrust.VARIABLES_ONLY)) {
        model.graphViolation().ifPresent(violation -> warnings.accept("source " + directory + ": its graph holds "
            + "more than kflo4j's plain inference graph (" + violation + "); only its variables are read, nothing "
            + "of its graph runs"));
        SourceModel source = new SourceModel(directory.toString(), model.metadata().architecture(),
            model.metadata().numClasses(), model.readVariables(), model.variableShapes());
        sources.add(source);
      }
    }
    return sources;
  }
}
