package io.kflo4j.savedmodels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.deploy.DeployedLayout;
import io.kflo4j.savedmodels.testing.PlantedOps;
import io.kflo4j.savedmodels.testing.SmallModels;
import io.kflo4j.savedmodels.trust.ModelTrust;
import io.kflo4j.savedmodels.trust.UntrustedModelException;
import io.kflo4j.training.testing.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SavedModel with a planted {@code WriteFile} op is refused before TensorFlow sees it, and the
 * file it would write stays absent; trusted, the same model runs the op (so the planted op is real
 * and the refusal is what stops it).
 */
class UntrustedModelTest {
  private final Path exported = SmallModels.shared();

  @TempDir Path tmp;

  private Path planted(BiConsumer<Path, Path> plant, Path victim) {
    Path copy = FileTrees.copy(exported, tmp.resolve("planted"));
    plant.accept(copy, victim);
    return copy;
  }

  private void refusedThenRunWhenTrusted(BiConsumer<Path, Path> plant) throws IOException {
    Path victim = tmp.resolve("victim.txt");
    Path model = planted(plant, victim);
    UntrustedModelException e =
        assertThrows(UntrustedModelException.class, () -> ExportedModel.load(model));
    assertEquals(
        "refusing to run SavedModel "
            + model
            + ": node 'planted_write' is a WriteFile op, not one of the "
            + "plain-inference ops kflo4j exports",
        e.getMessage());
    assertFalse(Files.exists(victim), "the planted op ran");

    try (ExportedModel trusted = ExportedModel.load(model, ModelTrust.TRUSTED)) {
      trusted.classify(new byte[3072], 1);
    }
    assertEquals(PlantedOps.CONTENT, Files.readString(victim), "trusted, the planted op runs");
  }

  @Test
  void aMainOpIsRefused() throws IOException {
    refusedThenRunWhenTrusted(PlantedOps::asMainOp);
  }

  @Test
  void anInitSignatureIsRefused() throws IOException {
    refusedThenRunWhenTrusted(PlantedOps::asInitSignature);
  }

  @Test
  void anOpInTheInferencePathIsRefused() throws IOException {
    refusedThenRunWhenTrusted(PlantedOps::inInferencePath);
  }

  @Test
  void aModelChangedAfterLoadingIsCheckedAgainBeforeItRuns() {
    Path victim = tmp.resolve("victim.txt");
    Path model = FileTrees.copy(exported, tmp.resolve("changed"));
    try (ExportedModel loaded = ExportedModel.load(model)) {
      PlantedOps.asMainOp(model, victim);
      assertThrows(UntrustedModelException.class, () -> loaded.classify(new byte[3072], 1));
    }
    assertFalse(Files.exists(victim), "the planted op ran");
  }

  /**
   * The writer who swaps {@code saved_model.pb} for a planted one (main op, or in the inference
   * path) between the check and the load: the checked graph runs (its logits), the swapped file is
   * in place, its op never ran.
   */
  @Test
  void aGraphSwappedInAfterTheCheckNeverRuns() throws Exception {
    float[] expected;
    try (ExportedModel clean = ExportedModel.load(exported)) {
      expected = clean.logits(new byte[3072], 1);
    }
    List<BiConsumer<Path, Path>> plants =
        List.of(PlantedOps::asMainOp, PlantedOps::inInferencePath);
    for (int i = 0; i < plants.size(); i++) {
      Path victim = tmp.resolve("victim" + i + ".txt");
      Path planted = FileTrees.copy(exported, tmp.resolve("planted" + i));
      plants.get(i).accept(planted, victim);
      byte[] plantedPb = Files.readAllBytes(planted.resolve("saved_model.pb"));
      Path model = FileTrees.copy(exported, tmp.resolve("swapped" + i));
      List<Path> swapped = new ArrayList<>();
      try (AutoCloseable hook = PlantedOps.swapAfterEachCheck(plantedPb, swapped);
          ExportedModel loaded = ExportedModel.load(model)) {
        assertArrayEquals(expected, loaded.logits(new byte[3072], 1));
      }
      assertEquals(List.of(model), swapped);
      assertArrayEquals(plantedPb, Files.readAllBytes(model.resolve("saved_model.pb")));
      assertFalse(Files.exists(victim), "the swapped-in op ran");
    }
  }

  @Test
  void variablesAreReadWithoutRunningTheGraph() {
    Path victim = tmp.resolve("victim.txt");
    Path model = planted(PlantedOps::asMainOp, victim);
    try (ExportedModel sourceOnly = ExportedModel.load(model, ModelTrust.VARIABLES_ONLY);
        ExportedModel clean = ExportedModel.load(exported)) {
      assertEquals(
          "node 'planted_write' is a WriteFile op, not one of the plain-inference ops kflo4j exports",
          sourceOnly.graphViolation().orElseThrow());
      assertTrue(clean.graphViolation().isEmpty());
      assertEquals(clean.readVariables().keySet(), sourceOnly.readVariables().keySet());
      SavedModelException e =
          assertThrows(SavedModelException.class, () -> sourceOnly.classify(new byte[3072], 1));
      assertEquals(
          model + " was opened to read its variables only: its graph never runs", e.getMessage());
    }
    assertFalse(Files.exists(victim), "the planted op ran");
  }

  @Test
  void theContentCheckRefusesThePlantedGraph() {
    Path victim = tmp.resolve("victim.txt");
    Path model = planted(PlantedOps::inInferencePath, victim);
    assertThrows(
        UntrustedModelException.class,
        () ->
            ContentCheck.check(
                model,
                DeployedLayout.of(
                    io.kflo4j.graph.ModelSpec.of("cifar-quick", 10, "plain"), false)));
    assertFalse(Files.exists(victim), "the planted op ran");
  }
}
