package io.kflo4j.experiments.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;

/**
 * Where a training step's time goes, by op type, from TensorFlow's own step stats ({@code
 * RunOptions} FULL_TRACE): per executed kernel type (as TensorFlow ran it, e.g. {@code
 * _MklNativeConv2D} where oneDNN replaced {@code Conv2D}), its nodes, its time per step and its
 * share of the summed node time. With one inter-op thread the nodes run one after another, so the
 * summed node time is close to the step's wall time.
 */
public final class StepProfile {
  private final Map<String, long[]> byType = new LinkedHashMap<>();
  private int steps;

  /**
   * One op type's row.
   *
   * @param opType the executed kernel's op type
   * @param nodes nodes of that type executed per step
   * @param millisPerStep their summed time per step
   * @param share that time over all nodes' summed time
   */
  public record Row(String opType, long nodes, double millisPerStep, double share) {}

  /** Adds one traced step. */
  public void add(RunMetadata trace) {
    steps++;
    for (DeviceStepStats device : trace.getStepStats().getDevStatsList()) {
      for (NodeExecStats node : device.getNodeStatsList()) {
        long[] totals = byType.computeIfAbsent(opType(node), type -> new long[2]);
        totals[0]++;
        totals[1] += Math.max(0, node.getOpEndRelMicros() - node.getOpStartRelMicros());
      }
    }
  }

  /** The rows, most time first; empty before any step. */
  public List<Row> rows() {
    double total = byType.values().stream().mapToLong(t -> t[1]).sum();
    List<Row> rows = new ArrayList<>();
    byType.forEach(
        (type, totals) ->
            rows.add(
                new Row(
                    type,
                    totals[0] / Math.max(steps, 1),
                    totals[1] / 1000.0 / Math.max(steps, 1),
                    total > 0 ? totals[1] / total : 0)));
    rows.sort(Comparator.comparingDouble(Row::millisPerStep).reversed());
    return rows;
  }

  /** The summed node time per step, in milliseconds. */
  public double millisPerStep() {
    return rows().stream().mapToDouble(Row::millisPerStep).sum();
  }

  /**
   * The executed op type: from the timeline label {@code "name = Type(inputs)"}, else the node
   * name.
   */
  static String opType(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int equals = label.indexOf(" = ");
    if (equals >= 0) {
      int open = label.indexOf('(', equals);
      return label.substring(equals + 3, open > equals ? open : label.length()).strip();
    }
    return node.getNodeName();
  }
}
