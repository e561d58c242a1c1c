package io.kflo4j.transfer.sources;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.savedmodels.testing.PlantedOps;
import io.kflo4j.savedmodels.testing.SmallModels;
import io.kflo4j.training.testing.FileTrees;
import io.kflo4j.transfer.init.SourceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources are read without running their graphs; planted ops and repeated sources are reported. */
class SourceModelsTest {
  private final Path exported = SmallModels.shared();

  @TempDir Path tmp;

  @Test
  void aPlantedSourceIsReadWithoutRunningItsGraphAndReported() {
    Path victim = tmp.resolve("victim.txt");
    Path planted = FileTrees.copy(exported, tmp.resolve("planted"));
    PlantedOps.asMainOp(planted, victim);
    PlantedOps.addInput(planted, "logits", "^" + PlantedOps.NODE);
    List<String> warnings = new ArrayList<>();

    SourceModel source = SourceModels.load(List.of(planted), warnings::add).get(0);

    assertEquals(
        List.of(
            "source "
                + planted
                + ": its graph holds more than kflo4j's plain inference graph (node "
                + "'planted_write' is a WriteFile op, not one of the plain-inference ops kflo4j exports); only its variables "
                + "are read, nothing of its graph runs"),
        warnings);
    assertFalse(Files.exists(victim), "the planted op ran");
    SourceModel clean = SourceModels.load(List.of(exported), w -> {}).get(0);
    assertEquals(clean.variables().keySet(), source.variables().keySet());
    clean
        .variables()
        .forEach((name, value) -> assertArrayEquals(value, source.variables().get(name), name));
  }

  @Test
  void theSameModelTwiceIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SourceModels.load(List.of(exported, exported), w -> {}));
    assertEquals(
        "--from names the model " + exported + " twice: each source must be a different model",
        e.getMessage());
    Path sameOtherwise = exported.resolve("..").resolve(exported.getFileName());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SourceModels.load(List.of(exported, sameOtherwise), w -> {}));
    assertEquals(
        "--from names the model "
            + sameOtherwise
            + " twice (also as "
            + exported
            + "): each source must "
            + "be a different model",
        e.getMessage());
  }

  @Test
  void aCopyOfASourceIsReported() {
    Path copy = FileTrees.copy(exported, tmp.resolve("copy"));
    List<String> warnings = new ArrayList<>();
    assertEquals(2, SourceModels.load(List.of(exported, copy), warnings::add).size());
    assertEquals(
        List.of(
            "sources "
                + exported
                + " and "
                + copy
                + " hold identical weights (copies of one model?): "
                + "stacking them adds nothing a single source does not"),
        warnings);
  }
}
