package io.kflo4j.experiments.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuickstartPlanTest {

  @ParameterizedTest(name = "N = {0}")
  @ValueSource(ints = {1, 2, 3, 4, 6})
  void kfloFromScratchHasTheTransferRunsWidth(int sources) {
    List<Quickstart.TargetRun> runs = Quickstart.targetRuns(sources);
    assertEquals(
        List.of(
            new Quickstart.TargetRun("a-plain-scratch", "plain, from scratch", "plain", 0),
            new Quickstart.TargetRun("b-plain-transfer", "plain, transfer from m1", "plain", 1),
            new Quickstart.TargetRun(
                "c-kflo2x" + sources + "-scratch",
                "kflo:2x" + sources + ", from scratch",
                "kflo:2x" + sources,
                0),
            new Quickstart.TargetRun(
                "d-kflo2x" + sources + "-transfer",
                "kflo:2x"
                    + sources
                    + ", transfer from "
                    + (sources == 1 ? "m1" : "the best of m1..m" + sources),
                "kflo:2x" + sources,
                sources)),
        runs);
  }

  @org.junit.jupiter.api.Test
  void theHeadPhaseLeavesAtLeastOneEpochForEverything() {
    assertEquals(2, Quickstart.headPhaseWithin(12).headEpochs());
    assertEquals(2, Quickstart.headPhaseWithin(3).headEpochs());
    assertEquals(1, Quickstart.headPhaseWithin(2).headEpochs());
    assertEquals(0, Quickstart.headPhaseWithin(1).headEpochs());
    assertEquals(
        io.kflo4j.transfer.TransferJob.FINE_TUNING_DEFAULT, Quickstart.headPhaseWithin(12));
  }
}
