package io.kflo4j.savedmodels.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kflo4j.datasets.batch.Normalization;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.savedmodels.SavedModelFiles;
import io.kflo4j.savedmodels.deploy.DeployedGraph;
import io.kflo4j.savedmodels.testing.SmallModels;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.NodeDef;

/** The allowed op set is exactly what the exporter writes, and what it writes passes the policy. */
class InferenceOpSetTest {
  @TempDir Path tmp;

  @Test
  void theOpSetIsExactlyWhatTheExporterWrites() {
    Set<String> written = new TreeSet<>();
    // Complete exports (graph, saver, asset) of cifar-quick, batch norms kept and folded: they pass
    // the policy.
    for (boolean fold : new boolean[] {false, true}) {
      Path model = SmallModels.export(tmp.resolve("cifar-quick-" + fold), fold);
      GraphPolicy.Report report = GraphPolicy.check(SavedModelFiles.read(model), model);
      written.addAll(report.opTypes());
    }
    // The inference graphs of the other architectures, as the exporter builds them (no weights
    // needed).
    for (String arch : new String[] {"vgg16", "wrn-10-2"}) {
      for (boolean fold : new boolean[] {false, true}) {
        try (DeployedGraph graph =
            DeployedGraph.build(ModelSpec.of(arch, 10, "plain"), Normalization.standard(), fold)) {
          graph.graph().toGraphDef().getNodeList().stream()
              .map(NodeDef::getOp)
              .forEach(written::add);
        }
      }
    }
    assertEquals(new TreeSet<>(InferenceOpSet.WRITTEN), written);
    Set<String> allowed = new TreeSet<>(InferenceOpSet.WRITTEN);
    allowed.addAll(InferenceOpSet.EARLIER);
    assertEquals(allowed, new TreeSet<>(InferenceOpSet.OPS));
    assertEquals(Set.of("MaxPoolV2", "FusedBatchNormV3"), InferenceOpSet.EARLIER);
    assertEquals(false, written.contains("MaxPoolV2"));
    assertEquals(false, written.contains("FusedBatchNormV3"));
  }

  @Test
  void theFileOpsAreInTheSet() {
    assertEquals(Set.of(), difference(InferenceOpSet.FILE_READS));
    assertEquals(Set.of(), difference(InferenceOpSet.FILE_WRITES));
  }

  private static Set<String> difference(Set<String> ops) {
    Set<String> outside = new TreeSet<>(ops);
    outside.removeAll(InferenceOpSet.OPS);
    return outside;
  }
}
