package io.kflo4j.savedmodels.deploy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Small edits of a {@link GraphDef}: redirect the consumers of a node's output to another tensor,
 * and keep only what some nodes need. TensorFlow Java cannot rewire or delete ops of a live graph;
 * editing its GraphDef and importing the result into a fresh graph does both.
 */
final class GraphSurgery {
  private final Map<String, NodeDef> nodes = new LinkedHashMap<>();
  private final GraphDef original;

  GraphSurgery(GraphDef graphDef) {
    this.original = graphDef;
    for (NodeDef node : graphDef.getNodeList()) {
      nodes.put(node.getName(), node);
    }
  }

  /** The node of that name. */
  Optional<NodeDef> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  /** All nodes, in graph order. */
  Collection<NodeDef> nodes() {
    return nodes.values();
  }

  /**
   * The node that produces a tensor named like a NodeDef input ({@code name}, {@code name:1},
   * {@code ^name}).
   */
  static String producer(String input) {
    String name = input.startsWith("^") ? input.substring(1) : input;
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }

  /** The output index of a NodeDef input; -1 for a control input. */
  static int outputIndex(String input) {
    if (input.startsWith("^")) {
      return -1;
    }
    int colon = input.indexOf(':');
    return colon < 0 ? 0 : Integer.parseInt(input.substring(colon + 1));
  }

  /**
   * The variable a tensor reads, following Identity ops back to a {@code VariableV2}; empty when
   * the tensor is not a variable read.
   */
  Optional<String> variableRead(String input) {
    NodeDef node = nodes.get(producer(input));
    while (node != null && node.getOp().equals("Identity") && node.getInputCount() > 0) {
      node = nodes.get(producer(node.getInput(0)));
    }
    return node != null && node.getOp().equals("VariableV2")
        ? Optional.of(node.getName())
        : Optional.empty();
  }

  /**
   * Makes every consumer of output 0 of node {@code from} read tensor {@code to} instead.
   *
   * @throws IllegalStateException if some node reads another output of {@code from}, or depends on
   *     it by a control edge (neither can be redirected meaningfully)
   */
  void redirect(String from, String to) {
    for (Map.Entry<String, NodeDef> entry : nodes.entrySet()) {
      NodeDef node = entry.getValue();
      boolean changed = false;
      NodeDef.Builder builder = node.toBuilder();
      for (int i = 0; i < node.getInputCount(); i++) {
        String input = node.getInput(i);
        if (!producer(input).equals(from) || node.getName().equals(producer(to))) {
          continue;
        }
        if (outputIndex(input) != 0) {
          throw new IllegalStateException(
              "node '"
                  + node.getName()
                  + "' reads '"
                  + input
                  + "', which cannot be redirected to '"
                  + to
                  + "'");
        }
        builder.setInput(i, to);
        changed = true;
      }
      if (changed) {
        entry.setValue(builder.build());
      }
    }
  }

  /**
   * The graph with only the nodes {@code roots} need (through data and control inputs) plus, for
   * every kept {@code VariableV2} {@code v}, the nodes {@code v_value} and {@code v_assign} that
   * set it (and what they need), sorted so that every node comes after its inputs.
   */
  GraphDef pruned(Collection<String> roots) {
    Set<String> keep = ancestors(roots);
    List<String> setters = new ArrayList<>();
    for (String name : keep) {
      if (nodes.get(name).getOp().equals("VariableV2")) {
        for (String setter : List.of(name + "_value", name + "_assign")) {
          if (nodes.containsKey(setter)) {
            setters.add(setter);
          }
        }
      }
    }
    keep.addAll(ancestors(setters));
    GraphDef.Builder builder = original.toBuilder().clearNode();
    topologicalOrder(keep).forEach(builder::addNode);
    return builder.build();
  }

  private Set<String> ancestors(Collection<String> roots) {
    Set<String> seen = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty()) {
      String name = pending.pop();
      NodeDef node = nodes.get(name);
      if (node == null) {
        throw new IllegalStateException("graph has no node '" + name + "'");
      }
      if (seen.add(name)) {
        node.getInputList().forEach(input -> pending.push(producer(input)));
      }
    }
    return seen;
  }

  private List<NodeDef> topologicalOrder(Set<String> keep) {
    Map<String, Integer> missingInputs = new HashMap<>();
    Map<String, List<String>> consumers = new HashMap<>();
    Deque<String> ready = new ArrayDeque<>();
    for (NodeDef node : nodes.values()) {
      if (!keep.contains(node.getName())) {
        continue;
      }
      Set<String> producers = new HashSet<>();
      node.getInputList().forEach(input -> producers.add(producer(input)));
      missingInputs.put(node.getName(), producers.size());
      producers.forEach(
          p -> consumers.computeIfAbsent(p, k -> new ArrayList<>()).add(node.getName()));
      if (producers.isEmpty()) {
        ready.add(node.getName());
      }
    }
    List<NodeDef> ordered = new ArrayList<>();
    while (!ready.isEmpty()) {
      String name = ready.poll();
      ordered.add(nodes.get(name));
      for (String consumer : consumers.getOrDefault(name, List.of())) {
        if (missingInputs.merge(consumer, -1, Integer::sum) == 0) {
          ready.add(consumer);
        }
      }
    }
    if (ordered.size() != keep.size()) {
      throw new IllegalStateException(
          "graph has a cycle: " + (keep.size() - ordered.size()) + " nodes unordered");
    }
    return ordered;
  }
}
