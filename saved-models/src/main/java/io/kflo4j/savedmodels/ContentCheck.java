package io.kflo4j.savedmodels;

import io.kflo4j.graph.variables.Shapes;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.deploy.DeployedLayout;
import io.kflo4j.savedmodels.trust.GraphPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.SavedModel;

/**
 * Checks that a SavedModel's graph is kflo4j's plain inference graph ({@link GraphPolicy}: only the
 * exporter's op types, no main or init op, no functions) and that it holds exactly the variables of
 * its form (names and shapes, see {@link DeployedLayout}): no training variable, no optimizer slot,
 * no batch-norm variable once folded. Reads the meta graph only; runs nothing.
 */
public final class ContentCheck {
  private ContentCheck() {}

  /**
   * What the check found.
   *
   * @param variables number of variables
   * @param parameters scalars in them
   * @param plainParameters scalars in the plain architecture's variables (equal to {@code
   *     parameters} unless batch norms are folded)
   * @param graph the graph's nodes and op types
   */
  public record Report(
      int variables, long parameters, long plainParameters, GraphPolicy.Report graph) {}

  /**
   * Checks the SavedModel in {@code directory} against {@code expected}.
   *
   * @throws io.kflo4j.savedmodels.trust.UntrustedModelException naming the first op (or main op,
   *     function...) that is not of the plain inference graph
   * @throws SavedModelException listing every extra, missing or misshapen variable by name
   */
  public static Report check(Path directory, DeployedLayout expected) {
    SavedModel savedModel = SavedModelFiles.read(directory);
    GraphPolicy.Report graph = GraphPolicy.check(savedModel, directory);
    Map<String, long[]> actual =
        SavedModelFiles.variables(SavedModelFiles.servingMetaGraph(savedModel, directory));
    List<String> problems = new ArrayList<>();
    String form =
        "the "
            + (expected.batchNormFolded() ? "folded " : "")
            + "plain "
            + expected.spec().architecture().spec()
            + " with "
            + expected.spec().numClasses()
            + " classes";
    for (Map.Entry<String, long[]> entry : actual.entrySet()) {
      long[] shape = expected.variables().get(entry.getKey());
      if (shape == null) {
        problems.add(
            "extra variable '"
                + entry.getKey()
                + "' "
                + Shapes.toString(entry.getValue())
                + " is not a variable of "
                + form);
      } else if (!Arrays.equals(shape, entry.getValue())) {
        problems.add(
            "variable '"
                + entry.getKey()
                + "' has shape "
                + Shapes.toString(entry.getValue())
                + ", expected "
                + Shapes.toString(shape));
      }
    }
    for (Map.Entry<String, long[]> entry : expected.variables().entrySet()) {
      if (!actual.containsKey(entry.getKey())) {
        problems.add(
            "missing variable '" + entry.getKey() + "' " + Shapes.toString(entry.getValue()));
      }
    }
    long parameters = actual.values().stream().mapToLong(Shapes::size).sum();
    if (problems.isEmpty() && parameters != expected.parameterCount()) {
      problems.add(parameters + " parameters, expected " + expected.parameterCount());
    }
    if (!problems.isEmpty()) {
      throw new SavedModelException(
          "SavedModel "
              + directory
              + " does not hold exactly the variables of "
              + form
              + ": "
              + String.join("; ", problems));
    }
    return new Report(actual.size(), parameters, expected.plainParameterCount(), graph);
  }
}
