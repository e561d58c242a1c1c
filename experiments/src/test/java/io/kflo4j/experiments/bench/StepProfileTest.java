package io.kflo4j.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.ModelSpec;
import io.kflo4j.training.config.OptimizerSettings;
import io.kflo4j.training.loop.TrainingGraph;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.StepStats;

class StepProfileTest {
  private static NodeExecStats node(String label, long start, long end) {
    return NodeExecStats.newBuilder()
        .setNodeName(label.split(" = ")[0])
        .setTimelineLabel(label)
        .setOpStartRelMicros(start)
        .setOpEndRelMicros(end)
        .build();
  }

  private static RunMetadata trace(NodeExecStats... nodes) {
    return RunMetadata.newBuilder()
        .setStepStats(
            StepStats.newBuilder()
                .addDevStats(DeviceStepStats.newBuilder().addAllNodeStats(List.of(nodes))))
        .build();
  }

  @Test
  void sumsNodeTimeByExecutedOpTypeMostFirst() {
    StepProfile profile = new StepProfile();
    profile.add(
        trace(
            node("conv1/Conv2D = _MklNativeConv2D(images, conv1_kernel)", 10, 4010),
            node("conv2/Conv2D = _MklNativeConv2D(a, b)", 0, 2000),
            node("relu = Relu(conv1/Conv2D)", 5, 1005),
            node("_SOURCE", 0, 0)));
    profile.add(
        trace(
            node("conv1/Conv2D = _MklNativeConv2D(images, conv1_kernel)", 0, 6000),
            node("relu = Relu(conv1/Conv2D)", 0, 1000)));
    List<StepProfile.Row> rows = profile.rows();
    assertEquals("_MklNativeConv2D", rows.get(0).opType());
    assertEquals(1, rows.get(0).nodes()); // 3 nodes over 2 steps, per step rounded down
    assertEquals(6.0, rows.get(0).millisPerStep(), 1e-9);
    assertEquals(12.0 / 14.0, rows.get(0).share(), 1e-9);
    assertEquals("Relu", rows.get(1).opType());
    assertEquals(1.0, rows.get(1).millisPerStep(), 1e-9);
    assertEquals("_SOURCE", rows.get(2).opType());
    assertEquals(7.0, profile.millisPerStep(), 1e-9);
  }

  @Test
  void aTracedTrainingStepShowsItsConvolutionsAndUpdates() {
    try (TrainingGraph graph =
        new TrainingGraph(
            ModelSpec.of("cifar-quick", 10, "kflo:2x4"), OptimizerSettings.reference(), 1, 1)) {
      graph.initialize(1);
      Random random = new Random(3);
      float[] images = new float[8 * 3072];
      for (int i = 0; i < images.length; i++) {
        images[i] = (float) random.nextGaussian();
      }
      int[] labels = random.ints(8, 0, 10).toArray();
      StepProfile profile = new StepProfile();
      profile.add(graph.tracedStep(images, labels, 8, 0.01));
      List<String> types = profile.rows().stream().map(StepProfile.Row::opType).toList();
      assertTrue(types.stream().anyMatch(t -> t.contains("Conv2D")), types.toString());
      assertTrue(types.stream().anyMatch(t -> t.contains("ApplyMomentum")), types.toString());
      assertTrue(profile.millisPerStep() > 0, types.toString());
    }
  }
}
