package io.kflo4j.savedmodels.trust;

import io.kflo4j.savedmodels.deploy.DeployedGraph;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Decides from {@code saved_model.pb} alone, before TensorFlow sees the graph, whether a SavedModel
 * is kflo4j's plain inference graph: the only graph kflo4j runs without the user's trust. A
 * SavedModel is a program (its main op runs on load, any op may run on inference); these rules
 * admit what kflo4j's exporter writes and nothing else. In every meta graph:
 *
 * <ol>
 *   <li>no function library (a function can hold any op);
 *   <li>every node's op type is in {@link InferenceOpSet#OPS};
 *   <li>no collection (TensorFlow's loaders run the main op of {@code saved_model_main_op} or
 *       {@code legacy_init_op}), no signature but {@code serving_default} ({@code
 *       __saved_model_init_op} is an init op too), no TF2 object graph;
 *   <li>the saver's file ops take their path from the saver's filename tensor, and no file write is
 *       reached from what runs on load or inference: the restore op, the signatures' tensors, the
 *       assets' tensors.
 * </ol>
 */
public final class GraphPolicy {
  private GraphPolicy() {}

  /**
   * What a graph that passed holds.
   *
   * @param nodes nodes over all meta graphs
   * @param opTypes the op types used, sorted
   */
  public record Report(int nodes, SortedSet<String> opTypes) {
    /** One line for people. */
    @Override
    public String toString() {
      return nodes
          + " nodes of "
          + opTypes.size()
          + " op types, all of kflo4j's plain inference graph";
    }
  }

  /**
   * Checks a SavedModel read from {@code directory}.
   *
   * @return what its graph holds
   * @throws UntrustedModelException naming the directory and the first offending part of the graph
   */
  public static Report check(SavedModel savedModel, Path directory) {
    Optional<String> violation = firstViolation(savedModel);
    if (violation.isPresent()) {
      throw new UntrustedModelException(
          "refusing to run SavedModel " + directory + ": " + violation.get());
    }
    int nodes = 0;
    SortedSet<String> opTypes = new TreeSet<>();
    for (MetaGraphDef metaGraph : savedModel.getMetaGraphsList()) {
      nodes += metaGraph.getGraphDef().getNodeCount();
      metaGraph.getGraphDef().getNodeList().forEach(node -> opTypes.add(node.getOp()));
    }
    return new Report(nodes, opTypes);
  }

  /**
   * The first thing in {@code savedModel} that is not kflo4j's plain inference graph, or empty when
   * all is.
   */
  public static Optional<String> firstViolation(SavedModel savedModel) {
    for (int i = 0; i < savedModel.getMetaGraphsCount(); i++) {
      Optional<String> violation = violation(savedModel.getMetaGraphs(i));
      if (violation.isPresent()) {
        return savedModel.getMetaGraphsCount() == 1
            ? violation
            : Optional.of("meta graph " + (i + 1) + ": " + violation.get());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> violation(MetaGraphDef metaGraph) {
    FunctionDefLibrary library = metaGraph.getGraphDef().getLibrary();
    if (library.getFunctionCount() > 0 || library.getGradientCount() > 0) {
      String first =
          library.getFunctionCount() > 0
              ? " (function '" + library.getFunction(0).getSignature().getName() + "')"
              : "";
      return Optional.of(
          "its graph holds a function library" + first + "; kflo4j's inference graph has none");
    }
    for (NodeDef node : metaGraph.getGraphDef().getNodeList()) {
      if (!InferenceOpSet.OPS.contains(node.getOp())) {
        return Optional.of(
            "node '"
                + node.getName()
                + "' is a "
                + node.getOp()
                + " op, not one of the plain-inference ops kflo4j exports");
      }
    }
    if (metaGraph.getCollectionDefCount() > 0) {
      return Optional.of(
          "it declares the collection '"
              + new TreeSet<>(metaGraph.getCollectionDefMap().keySet()).first()
              + "' (loaders run a main or init op collection on load); kflo4j's exports declare none");
    }
    for (String key : new TreeSet<>(metaGraph.getSignatureDefMap().keySet())) {
      if (!key.equals(DeployedGraph.SIGNATURE_KEY)) {
        return Optional.of(
            "it declares the signature '"
                + key
                + "'; kflo4j's exports declare only '"
                + DeployedGraph.SIGNATURE_KEY
                + "'");
      }
    }
    if (metaGraph.hasObjectGraphDef()) {
      return Optional.of("it holds a TF2 object graph; kflo4j's exports do not");
    }
    return fileOpViolation(metaGraph);
  }

  /**
   * The saver's file ops: paths only from the saver's filename tensor, no write reached from what
   * runs.
   */
  private static Optional<String> fileOpViolation(MetaGraphDef metaGraph) {
    Map<String, NodeDef> nodes = new LinkedHashMap<>();
    metaGraph.getGraphDef().getNodeList().forEach(node -> nodes.put(node.getName(), node));
    String filename = nodeName(metaGraph.getSaverDef().getFilenameTensorName());
    for (NodeDef node : nodes.values()) {
      if (isFileOp(node)
          && (filename.isEmpty()
              || node.getInputCount() == 0
              || !nodeName(node.getInput(0)).equals(filename))) {
        return Optional.of(
            "node '"
                + node.getName()
                + "' ("
                + node.getOp()
                + ") takes its path from '"
                + (node.getInputCount() == 0 ? "" : node.getInput(0))
                + "', not from the saver's filename tensor");
      }
    }
    for (String root : runRoots(metaGraph)) {
      for (String reached : reachable(nodes, root)) {
        NodeDef node = nodes.get(reached);
        if (InferenceOpSet.FILE_WRITES.contains(node.getOp())) {
          return Optional.of(
              "node '"
                  + reached
                  + "' ("
                  + node.getOp()
                  + ") writes files and would run on load or "
                  + "inference (it is reached from '"
                  + root
                  + "')");
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isFileOp(NodeDef node) {
    return InferenceOpSet.FILE_READS.contains(node.getOp())
        || InferenceOpSet.FILE_WRITES.contains(node.getOp());
  }

  /**
   * The nodes a loader or kflo4j runs: the restore op, every signature tensor, every asset tensor.
   */
  private static List<String> runRoots(MetaGraphDef metaGraph) {
    List<String> roots = new ArrayList<>();
    if (!metaGraph.getSaverDef().getRestoreOpName().isEmpty()) {
      roots.add(nodeName(metaGraph.getSaverDef().getRestoreOpName()));
    }
    for (SignatureDef signature : metaGraph.getSignatureDefMap().values()) {
      for (TensorInfo tensor : signature.getInputsMap().values()) {
        roots.add(nodeName(tensor.getName()));
      }
      for (TensorInfo tensor : signature.getOutputsMap().values()) {
        roots.add(nodeName(tensor.getName()));
      }
    }
    for (AssetFileDef asset : metaGraph.getAssetFileDefList()) {
      roots.add(nodeName(asset.getTensorInfo().getName()));
    }
    return roots;
  }

  /**
   * Every node {@code root} depends on, through data and control inputs, itself included (if it
   * exists).
   */
  private static Set<String> reachable(Map<String, NodeDef> nodes, String root) {
    Set<String> seen = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(root));
    while (!pending.isEmpty()) {
      String name = pending.pop();
      NodeDef node = nodes.get(name);
      if (node != null && seen.add(name)) {
        node.getInputList().forEach(input -> pending.push(nodeName(input)));
      }
    }
    return seen;
  }

  /**
   * The node of a tensor or input name: {@code ^x} (control input) and {@code x:1} both name {@code
   * x}.
   */
  private static String nodeName(String tensorName) {
    String name = tensorName.startsWith("^") ? tensorName.substring(1) : tensorName;
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }
}
