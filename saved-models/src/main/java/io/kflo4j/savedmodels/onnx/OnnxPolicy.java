package io.kflo4j.savedmodels.onnx;

import io.kflo4j.savedmodels.deploy.DeployedGraph;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.AttributeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.GraphProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.ModelProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.NodeProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.TensorProto;
import io.kflo4j.savedmodels.trust.UntrustedModelException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Decides from the ONNX file alone, before ONNX Runtime sees it, whether it is a graph kflo4j
 * writes. ONNX Runtime runs only the operators it implements (a model carries no code), but a model
 * can still make it read other files (tensors stored as external data, by path), run graphs of any
 * size in loops ({@code Loop}, {@code Scan}, {@code If} with subgraphs) or call custom-domain
 * operators. These rules admit what {@link OnnxExport} writes and nothing else:
 *
 * <ol>
 *   <li>one operator set, the default domain at version {@value OnnxFormat#OPSET}; no functions, no
 *       training information;
 *   <li>every node of the default domain with an op type of {@link OnnxFormat#OP_TYPES}, with only
 *       int, ints and float attributes (no subgraph, no tensor, no reference to a function's
 *       attribute);
 *   <li>every initializer stored in the file (no external data), no sparse initializer;
 *   <li>one input, {@code images}, and the outputs {@code logits}, {@code probabilities} and {@code
 *       classes}.
 * </ol>
 */
public final class OnnxPolicy {
  private static final Set<AttributeProto.AttributeType> ATTRIBUTE_TYPES =
      Set.of(
          AttributeProto.AttributeType.INT,
          AttributeProto.AttributeType.INTS,
          AttributeProto.AttributeType.FLOAT);

  private OnnxPolicy() {}

  /**
   * What a model that passed holds.
   *
   * @param nodes the graph's nodes
   * @param opTypes the op types used, sorted
   * @param initializers the initializers
   */
  public record Report(int nodes, SortedSet<String> opTypes, int initializers) {
    /** One line for people. */
    @Override
    public String toString() {
      return nodes
          + " ONNX nodes of "
          + opTypes.size()
          + " op types "
          + opTypes
          + ", "
          + initializers
          + " initializers, all of kflo4j's ONNX inference graph";
    }
  }

  /**
   * Checks a model read from {@code file}.
   *
   * @return what it holds
   * @throws UntrustedModelException naming the file and the first offending part
   */
  public static Report check(ModelProto model, Path file) {
    Optional<String> violation = firstViolation(model);
    if (violation.isPresent()) {
      throw new UntrustedModelException(
          "refusing to run ONNX model " + file + ": " + violation.get());
    }
    SortedSet<String> opTypes = new TreeSet<>();
    model.getGraph().getNodeList().forEach(node -> opTypes.add(node.getOpType()));
    return new Report(
        model.getGraph().getNodeCount(), opTypes, model.getGraph().getInitializerCount());
  }

  /** The first thing {@code model} holds beyond kflo4j's ONNX inference graph, if any. */
  public static Optional<String> firstViolation(ModelProto model) {
    if (model.getOpsetImportCount() != 1
        || !isDefaultDomain(model.getOpsetImport(0).getDomain())
        || model.getOpsetImport(0).getVersion() != OnnxFormat.OPSET) {
      return Optional.of(
          "it imports the operator sets "
              + model.getOpsetImportList().stream().map(OnnxPolicy::describe).toList()
              + ", kflo4j writes only ai.onnx version "
              + OnnxFormat.OPSET);
    }
    if (model.getFunctionsCount() > 0) {
      return Optional.of("it defines functions (" + model.getFunctions(0).getName() + ")");
    }
    if (model.getTrainingInfoCount() > 0) {
      return Optional.of("it holds training information");
    }
    GraphProto graph = model.getGraph();
    for (NodeProto node : graph.getNodeList()) {
      Optional<String> problem = nodeViolation(node);
      if (problem.isPresent()) {
        return problem;
      }
    }
    for (TensorProto tensor : graph.getInitializerList()) {
      if (tensor.getDataLocation() == TensorProto.DataLocation.EXTERNAL
          || tensor.getExternalDataCount() > 0) {
        return Optional.of("initializer '" + tensor.getName() + "' is stored in another file");
      }
    }
    if (graph.getSparseInitializerCount() > 0) {
      return Optional.of("it holds sparse initializers");
    }
    List<String> inputs =
        graph.getInputList().stream()
            .map(input -> input.getName())
            .filter(name -> !isInitializer(graph, name))
            .toList();
    if (!inputs.equals(List.of(DeployedGraph.INPUT))) {
      return Optional.of(
          "its inputs are " + inputs + ", kflo4j's are [" + DeployedGraph.INPUT + "]");
    }
    List<String> outputs = graph.getOutputList().stream().map(output -> output.getName()).toList();
    List<String> expected =
        List.of(DeployedGraph.LOGITS, DeployedGraph.PROBABILITIES, DeployedGraph.CLASSES);
    if (!outputs.equals(expected)) {
      return Optional.of("its outputs are " + outputs + ", kflo4j's are " + expected);
    }
    return Optional.empty();
  }

  private static Optional<String> nodeViolation(NodeProto node) {
    String name = "node '" + node.getName() + "'";
    if (!isDefaultDomain(node.getDomain())) {
      return Optional.of(
          name + " is " + node.getOpType() + " of the operator domain '" + node.getDomain() + "'");
    }
    if (!OnnxFormat.OP_TYPES.contains(node.getOpType())) {
      return Optional.of(
          name
              + " is a "
              + node.getOpType()
              + ", not one of the op types kflo4j writes "
              + new TreeSet<>(OnnxFormat.OP_TYPES));
    }
    for (AttributeProto attribute : node.getAttributeList()) {
      if (!ATTRIBUTE_TYPES.contains(attribute.getType()) || attribute.hasRefAttrName()) {
        return Optional.of(
            name
                + " has the attribute '"
                + attribute.getName()
                + "' of type "
                + attribute.getType());
      }
    }
    return Optional.empty();
  }

  private static boolean isInitializer(GraphProto graph, String name) {
    return graph.getInitializerList().stream().anyMatch(tensor -> tensor.getName().equals(name));
  }

  private static boolean isDefaultDomain(String domain) {
    return domain.isEmpty() || domain.equals("ai.onnx");
  }

  private static String describe(OperatorSetIdProto opset) {
    return (opset.getDomain().isEmpty() ? "ai.onnx" : opset.getDomain())
        + " version "
        + opset.getVersion();
  }
}
