package io.kflo4j.savedmodels.deploy;

import io.kflo4j.graph.layers.BatchNorm;
import io.kflo4j.graph.reparam.PlainParameterization;
import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import io.kflo4j.graph.variables.VariableStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

/**
 * The graph side of batch-norm folding for {@link DeployedGraph}: finds every batch norm's node in
 * the draft inference graph and adds what replaces it (the conv's bias, or a per-channel affine for
 * a batch norm without a conv before it). The values are folded by {@link BatchNormFolding}.
 */
final class FoldedGraph {
  private FoldedGraph() {}

  /**
   * Adds the replacement of every batch norm to the draft graph and returns, per batch-norm node,
   * the tensor that replaces its output.
   */
  static Map<String, String> replacements(
      Ops tf, Graph draft, GraphSurgery surgery, DeployedLayout layout) {
    Map<String, BatchNormNode> bnNodes = batchNormNodes(surgery);
    VariableStore store = new VariableStore(tf);
    Map<String, String> replacements = new LinkedHashMap<>();
    for (DeployedLayout.FoldedPair pair : layout.foldedPairs()) {
      BatchNormNode bn = requireNode(bnNodes, pair.batchNorm());
      String input = bn.input();
      String producerVariable = convKernelOf(surgery, input, pair.convHasBias());
      if (!producerVariable.equals(PlainParameterization.kernelName(pair.layer()))) {
        throw new IllegalStateException(
            "batch norm '"
                + pair.batchNorm()
                + "' does not read conv '"
                + pair.layer()
                + "' directly (it reads a conv of '"
                + producerVariable
                + "')");
      }
      if (pair.convHasBias()) {
        replacements.put(bn.output(), input);
        continue;
      }
      ModelVariable bias =
          store.create(
              PlainParameterization.biasName(pair.layer()),
              new long[] {pair.channels()},
              VariableRole.BIAS,
              Initializer.constant(0f));
      @SuppressWarnings("unchecked")
      Output<TFloat32> convOutput = (Output<TFloat32>) draft.outputOrThrow(input);
      Operand<TFloat32> added =
          tf.withName(pair.layer() + "_biasadd")
              .nn
              .biasAdd(convOutput, tf.identity(bias.variable()));
      replacements.put(bn.output(), added.op().name());
    }
    for (DeployedLayout.StandaloneBatchNorm standalone : layout.standaloneBatchNorms()) {
      BatchNormNode bn = requireNode(bnNodes, standalone.batchNorm());
      long[] shape = {standalone.channels()};
      ModelVariable scale =
          store.create(
              DeployedLayout.scaleName(standalone.batchNorm()),
              shape,
              VariableRole.BN_GAMMA,
              Initializer.constant(1f));
      ModelVariable offset =
          store.create(
              DeployedLayout.offsetName(standalone.batchNorm()),
              shape,
              VariableRole.BN_BETA,
              Initializer.constant(0f));
      @SuppressWarnings("unchecked")
      Output<TFloat32> x = (Output<TFloat32>) draft.outputOrThrow(bn.input());
      Operand<TFloat32> affine =
          tf.withName(standalone.batchNorm() + "_affine")
              .math
              .add(tf.math.mul(x, tf.identity(scale.variable())), tf.identity(offset.variable()));
      replacements.put(bn.output(), affine.op().name());
    }
    return replacements;
  }

  /**
   * A batch norm in the draft graph: the node whose output is the normalized tensor, and the tensor
   * it normalizes.
   */
  private record BatchNormNode(String output, String input) {}

  /**
   * The batch norms of the inference graph by name (the prefix of the variable read as scale): each
   * is the affine {@code <bn>_inference = <bn>_normalized + offset} that {@link BatchNorm} builds,
   * with {@code <bn>_normalized = x * (gamma * rsqrt(variance + eps))}.
   */
  private static Map<String, BatchNormNode> batchNormNodes(GraphSurgery surgery) {
    Map<String, BatchNormNode> byName = new LinkedHashMap<>();
    for (NodeDef node : surgery.nodes()) {
      if (!node.getOp().equals("Mul") || !node.getName().endsWith(BatchNorm.NORMALIZED_SUFFIX)) {
        continue;
      }
      NodeDef scale = surgery.node(GraphSurgery.producer(node.getInput(1))).orElseThrow();
      String gamma =
          surgery
              .variableRead(scale.getInput(0))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "batch-norm node '"
                              + node.getName()
                              + "' does not read a scale variable"));
      String suffix = "_gamma";
      String batchNorm = gamma.substring(0, Math.max(0, gamma.length() - suffix.length()));
      if (!gamma.endsWith(suffix)
          || !node.getName().endsWith(batchNorm + BatchNorm.NORMALIZED_SUFFIX)) {
        throw new IllegalStateException(
            "batch-norm node '" + node.getName() + "' reads '" + gamma + "' as scale");
      }
      String output =
          node.getName()
                  .substring(0, node.getName().length() - BatchNorm.NORMALIZED_SUFFIX.length())
              + BatchNorm.INFERENCE_SUFFIX;
      if (surgery.node(output).isEmpty()) {
        throw new IllegalStateException(
            "batch norm '" + batchNorm + "' has no node '" + output + "' adding its offset");
      }
      BatchNormNode previous = byName.put(batchNorm, new BatchNormNode(output, node.getInput(0)));
      if (previous != null) {
        throw new IllegalStateException(
            "batch norm '" + gamma + "' is applied twice in the inference path");
      }
    }
    return byName;
  }

  private static BatchNormNode requireNode(Map<String, BatchNormNode> bnNodes, String batchNorm) {
    BatchNormNode node = bnNodes.get(batchNorm);
    if (node == null) {
      throw new IllegalStateException(
          "batch norm '" + batchNorm + "' has no node in the inference graph");
    }
    return node;
  }

  /**
   * The kernel variable of the conv that produces {@code input} (through its BiasAdd when it has a
   * bias).
   */
  private static String convKernelOf(GraphSurgery surgery, String input, boolean hasBias) {
    NodeDef node = surgery.node(GraphSurgery.producer(input)).orElseThrow();
    if (hasBias && node.getOp().equals("BiasAdd")) {
      node = surgery.node(GraphSurgery.producer(node.getInput(0))).orElseThrow();
    }
    if (!node.getOp().equals("Conv2D")) {
      return "a " + node.getOp() + " node '" + node.getName() + "'";
    }
    return surgery.variableRead(node.getInput(1)).orElse("an unknown kernel");
  }
}
