package io.kflo4j.savedmodels;

import io.kflo4j.graph.variables.Shapes;
import io.kflo4j.savedmodels.deploy.DeployedLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks that a SavedModel holds exactly the variables of its form (names and shapes, see {@link DeployedLayout}):
 * no training variable, no optimizer slot, no batch-norm variable once folded. Reads the meta graph only; runs
 * nothing.
 */
public final class ContentCheck {
  private ContentCheck() {}

  /**
   * What the check found.
   *
   * @param variables number of variables
   * @param parameters scalars in them
   * @param plainParameters scalars in the plain architecture's variables (equal to {@code parameters} unless
   *     batch norms are folded)
   */
  public record Report(int variables, long parameters, long plainParameters) {}

  /**
   * Checks the SavedModel in {@code directory} against {@code expected}.
   *
   * @throws SavedModelException listing every extra, missing or misshapen variable by name
   */
  public static Report check(Path directory, DeployedLayout expected) {
    Map<String, long[]> actual =
        SavedModelFiles.variables(SavedModelFiles.servingMetaGraph(SavedModelFiles.read(directory), directory));
    List<String> problems = new ArrayList<>();
    String form = "the " + (expected.batchNormFolded() ? "folded " : "") + "plain "
        + expected.spec().architecture().spec() + " with " + expected.spec().numClasses() + " classes";
    for (Map.Entry<String, long[]> entry : actual.entrySet()) {
      long[] shape = expected.variables().get(entry.getKey());
      if (shape == null) {
        problems.add("extra variable '" + entry.getKey() + "' " + Shapes.toString(entry.getValue())
            + " is not a variable of " + form);
      } else if (!Arrays.equals(shape, entry.getValue())) {
        problems.add("variable '" + entry.getKey() + "' has shape " + Shapes.toString(entry.getValue())
            + ", expected " + Shapes.toString(shape));
      }
    }
    for (Map.Entry<String, long[]> entry : expected.variables().entrySet()) {
      if (!actual.containsKey(entry.getKey())) {
        problems.add("missing variable '" + entry.getKey() + "' " + Shapes.toString(entry.getValue()));
      }
    }
    long parameters = actual.values().stream().mapToLong(Shapes::size).sum();
    if (problems.isEmpty() && parameters != expected.parameterCount()) {
      problems.add(parameters + " parameters, expected " + expected.parameterCount());
    }
    if (!problems.isEmpty()) {
      throw new SavedModelException("SavedModel " + directory + " does not hold exactly the variables of " + form
          + ": " + String.join("; ", problems));
    }
    return new Report(actual.size(), parameters, expected.plainParameterCount());
  }
}
