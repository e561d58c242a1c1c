package io.kflo4j.savedmodels.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.savedmodels.SavedModelFiles;
import io.kflo4j.savedmodels.testing.PlantedOps;
import io.kflo4j.savedmodels.testing.SmallModels;
import io.kflo4j.training.testing.FileTrees;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule of the policy, on an export changed in one way, with the exact reason given. */
class GraphPolicyTest {
  private final Path exported = SmallModels.shared();

  @TempDir Path tmp;

  /** The first violation of a copy of the export changed by {@code plant}. */
  private Optional<String> violation(Consumer<Path> plant) {
    Path copy = FileTrees.copy(exported, tmp.resolve("copy"));
    plant.accept(copy);
    return GraphPolicy.firstViolation(SavedModelFiles.read(copy));
  }

  @Test
  void theExportPasses() {
    assertEquals(Optional.empty(), GraphPolicy.firstViolation(SavedModelFiles.read(exported)));
  }

  @Test
  void anOpOutsideTheSetIsNamed() {
    assertEquals(
        Optional.of(
            "node 'planted_write' is a WriteFile op, not one of the plain-inference ops kflo4j "
                + "exports"),
        violation(copy -> PlantedOps.asMainOp(copy, tmp.resolve("victim"))));
  }

  @Test
  void aMainOpCollectionIsRefusedEvenOfAllowedOps() {
    assertEquals(
        Optional.of(
            "it declares the collection 'saved_model_main_op' (loaders run a main or init op "
                + "collection on load); kflo4j's exports declare none"),
        violation(copy -> PlantedOps.collection(copy, "saved_model_main_op", "save/restore_all")));
  }

  @Test
  void anInitOpSignatureIsRefusedEvenOfAllowedOps() {
    assertEquals(
        Optional.of(
            "it declares the signature '__saved_model_init_op'; kflo4j's exports declare only "
                + "'serving_default'"),
        violation(copy -> PlantedOps.signature(copy, "__saved_model_init_op", "save/restore_all")));
  }

  @Test
  void aFunctionLibraryIsRefused() {
    assertEquals(
        Optional.of(
            "its graph holds a function library (function 'planted_function'); kflo4j's inference "
                + "graph has none"),
        violation(copy -> PlantedOps.functionLibrary(copy, "planted_function")));
  }

  @Test
  void aRestoreFromAnotherPathIsRefused() {
    assertEquals(
        Optional.of(
            "node 'save/Restore' (RestoreV2) takes its path from 'save/Const', not from the "
                + "saver's filename tensor"),
        violation(copy -> PlantedOps.replaceInput(copy, "save/Restore", 0, "save/Const")));
  }

  @Test
  void aSaveThatRunsOnLoadIsRefused() {
    assertEquals(
        Optional.of(
            "node 'save/Save' (SaveV2) writes files and would run on load or inference (it is "
                + "reached from 'save/restore_all')"),
        violation(copy -> PlantedOps.addInput(copy, "save/restore_all", "^save/Save")));
  }

  @Test
  void theRefusalNamesTheModel() {
    Path copy = FileTrees.copy(exported, tmp.resolve("copy"));
    PlantedOps.inInferencePath(copy, tmp.resolve("victim"));
    UntrustedModelException e =
        assertThrows(
            UntrustedModelException.class,
            () -> GraphPolicy.check(SavedModelFiles.read(copy), copy));
    assertEquals(
        "refusing to run SavedModel "
            + copy
            + ": node 'planted_write' is a WriteFile op, not one of the "
            + "plain-inference ops kflo4j exports",
        e.getMessage());
  }
}
