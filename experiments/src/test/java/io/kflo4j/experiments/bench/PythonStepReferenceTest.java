package io.kflo4j.experiments.bench;

import static io.kflo4j.experiments.bench.PythonStepReference.Framework.KERAS;
import static io.kflo4j.experiments.bench.PythonStepReference.Framework.PYTORCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonStepReferenceTest {
  @TempDir Path dir;

  /** A stand-in for the reference step: prints what the real script prints, from its arguments. */
  private Path fakeScript() throws Exception {
    Path script = dir.resolve("step.py");
    Files.writeString(
        script,
        """
        import sys
        rho, steps = int(sys.argv[1]), int(sys.argv[2])
        if rho == 9:
            sys.exit("no such model")
        ms = 100.0 + rho * 10 + steps
        print(f"torch rho={rho} {ms:.1f} ms/step {128000/ms:.0f} img/s")
        """);
    return script;
  }

  @Test
  void mediansOfTheScriptsStepTimesPerRho() throws Exception {
    PythonStepReference torch = new PythonStepReference(PYTORCH, "python3", fakeScript());
    assertEquals(105.0, torch.stepMillis(0, 5), 1e-9);
    torch.measure(4, 1);
    torch.measure(4, 3);
    torch.measure(4, 20);
    torch.measure(0, 5);
    assertEquals(143.0, torch.medianMillis(4), 1e-9);
    assertEquals(105.0, torch.medianMillis(0), 1e-9);
    assertThrows(IllegalStateException.class, () -> torch.medianMillis(2));
  }

  @Test
  void theBundledScriptIsTheReferenceStepFromThisModulesResources() throws Exception {
    for (PythonStepReference.Framework framework : PythonStepReference.Framework.values()) {
      PythonStepReference bundled = PythonStepReference.bundled(framework, "python3");
      String script = Files.readString(bundled.script());
      try (var resource = PythonStepReference.class.getResourceAsStream(framework.script())) {
        assertEquals(new String(resource.readAllBytes(), StandardCharsets.UTF_8), script);
      }
      assertTrue(
          script.contains("Usage: python3 " + framework.script() + " RHO STEPS"), framework.name());
      assertTrue(script.contains("ms/step"), "prints what stepMillis reads");
    }
  }

  @Test
  void aFailingScriptOrAMissingOneIsNamed() throws Exception {
    PythonStepReference torch = new PythonStepReference(PYTORCH, "python3", fakeScript());
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> torch.measure(9, 1));
    assertTrue(
        e.getMessage()
            .contains(
                "PyTorch reference " + torch.script() + " rho=9 failed (exit 1): no such model"),
        e.getMessage());
    Path missing = dir.resolve("absent.py");
    assertEquals(
        "Keras reference step " + missing + " not found (--keras-script)",
        assertThrows(
                IllegalArgumentException.class,
                () -> new PythonStepReference(KERAS, "python3", missing))
            .getMessage());
    String reason =
        PythonStepReference.unavailableReason(PYTORCH, dir.resolve("no-python").toString());
    assertNotNull(reason);
    assertTrue(reason.contains("no-python not found"), reason);
    Path noKeras = dir.resolve("python-without-keras");
    Files.writeString(
        noKeras,
        "#!/bin/sh\necho 'Traceback (most recent call last):'\n"
            + "echo \"ModuleNotFoundError: No module named '${2#import }'\"\nexit 1\n");
    assertTrue(noKeras.toFile().setExecutable(true));
    assertEquals(
        noKeras
            + " cannot import keras (make one with scripts/keras-yardstick.sh and name it with"
            + " --keras-python): ModuleNotFoundError: No module named 'keras'",
        PythonStepReference.unavailableReason(KERAS, noKeras.toString()));
  }
}
