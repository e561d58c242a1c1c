package io.kflo4j.transfer.sources;

import io.kflo4j.savedmodels.ExportedModel;
import io.kflo4j.transfer.init.SourceModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads exported kflo4j SavedModels as transfer sources (variables by name, without running their graphs). */
public final class SourceModels {
  private SourceModels() {}

  /** Loads each directory; errors name the directory. */
  public static List<SourceModel> load(List<Path> directories) {
    if (directories.isEmpty()) {
      throw new IllegalArgumentException("name at least one source model (--from DIR[,DIR...])");
    }
    List<SourceModel> sources = new ArrayList<>();
    for (Path directory : directories) {
      try (ExportedModel model = ExportedModel.load(directory)) {
        sources.add(new SourceModel(directory.toString(), model.metadata().architecture(),
            model.metadata().numClasses(), model.readVariables(), model.variableShapes()));
      }
    }
    return sources;
  }
}
