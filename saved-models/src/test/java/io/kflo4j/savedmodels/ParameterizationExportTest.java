package io.kflo4j.savedmodels;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ExportEquivalenceTest}'s checks for the baselines and the seed papers' parameterizations.
 */
@Tag("slow")
class ParameterizationExportTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("io.kflo4j.savedmodels.ExportEquivalenceTest#otherParameterizations")
  void exportedModelComputesWhatTheTrainedNetworkComputes(String arch, String reparam) {
    ExportEquivalenceTest.checkExport(arch, reparam, tmp);
  }
}
