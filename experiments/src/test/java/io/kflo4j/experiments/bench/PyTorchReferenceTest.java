package io.kflo4j.experiments.bench;

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

class PyTorchReferenceTest {
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
    PyTorchReference torch = new PyTorchReference("python3", fakeScript());
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
    PyTorchReference bundled = PyTorchReference.bundled("python3");
    String script = Files.readString(bundled.script());
    try (var resource = PyTorchReference.class.getResourceAsStream(PyTorchReference.SCRIPT)) {
      assertEquals(new String(resource.readAllBytes(), StandardCharsets.UTF_8), script);
    }
    assertTrue(script.contains("Usage: python3 torch_cifarquick_step.py RHO STEPS"), script);
    assertTrue(script.contains("ms/step"), "prints what stepMillis reads");
  }

  @Test
  void aFailingScriptOrAMissingOneIsNamed() throws Exception {
    PyTorchReference torch = new PyTorchReference("python3", fakeScript());
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> torch.measure(9, 1));
    assertTrue(e.getMessage().contains("rho=9 failed (exit 1): no such model"), e.getMessage());
    Path missing = dir.resolve("absent.py");
    assertEquals(
        "PyTorch reference step " + missing + " not found (--torch-script)",
        assertThrows(IllegalArgumentException.class, () -> new PyTorchReference("python3", missing))
            .getMessage());
    String reason = PyTorchReference.unavailableReason(dir.resolve("no-python").toString());
    assertNotNull(reason);
    assertTrue(reason.contains("no-python not found"), reason);
  }
}
