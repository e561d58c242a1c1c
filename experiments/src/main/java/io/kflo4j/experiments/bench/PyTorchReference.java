package io.kflo4j.experiments.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PyTorch reference-style Cifar-quick training step ({@value #SCRIPT}, in this module's
 * resources: plain, or KFLO with rho = R), run with {@code python3} for side-by-side step times.
 * Needs Debian's {@code python3-torch} (its {@code /usr/bin/python3}).
 */
public final class PyTorchReference {
  /** The reference step's script, a resource beside this class. */
  public static final String SCRIPT = "torch_cifarquick_step.py";

  private static final Pattern RESULT = Pattern.compile("([0-9.]+) ms/step");
  private final String python;
  private final Path script;
  private final Map<Integer, List<Double>> measured = new TreeMap<>();

  /**
   * The reference step in {@code script}, run by {@code python}.
   *
   * @throws IllegalArgumentException if the script is not a readable file
   */
  public PyTorchReference(String python, Path script) {
    if (!Files.isRegularFile(script)) {
      throw new IllegalArgumentException(
          "PyTorch reference step " + script + " not found (--torch-script)");
    }
    this.python = python;
    this.script = script;
  }

  /**
   * The reference step this module carries ({@value #SCRIPT}), run by {@code python}: the script is
   * copied to a temporary file, deleted when the JVM exits.
   *
   * @throws UncheckedIOException if the script cannot be copied
   */
  public static PyTorchReference bundled(String python) {
    try (InputStream in = PyTorchReference.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is missing from the experiments jar");
      }
      Path script = Files.createTempFile("kflo-torch-step-", ".py");
      script.toFile().deleteOnExit();
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      return new PyTorchReference(python, script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The script that is run. */
  public Path script() {
    return script;
  }

  /** Why the reference cannot run here (python3 or its torch module missing), or null if it can. */
  public static String unavailableReason(String python) {
    try {
      Process check =
          new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
      String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!check.waitFor(120, TimeUnit.SECONDS) || check.exitValue() != 0) {
        return python
            + " cannot import torch (install Debian's python3-torch, or name its python with"
            + " --python): "
            + output.strip();
      }
      return null;
    } catch (IOException e) {
      return python + " not found: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * Measures {@code steps} steps of rho {@code rho} once more (for {@link #medianMillis}).
   *
   * @throws UncheckedIOException if the script fails
   */
  public void measure(int rho, int steps) {
    try {
      measured.computeIfAbsent(rho, r -> new ArrayList<>()).add(stepMillis(rho, steps));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The median of the mean step times measured so far for {@code rho}, in milliseconds. */
  public double medianMillis(int rho) {
    List<Double> times = measured.getOrDefault(rho, List.of());
    if (times.isEmpty()) {
      throw new IllegalStateException("rho " + rho + " was not measured");
    }
    return Statistics.median(times.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * The mean step time of {@code steps} steps after the script's own warm-up, in milliseconds.
   *
   * @param rho 0 for plain, R for KFLO 2xR
   * @throws IOException if the script fails or prints no step time
   */
  public double stepMillis(int rho, int steps) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                List.of(python, script.toString(), Integer.toString(rho), Integer.toString(steps)))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = process.waitFor();
    Matcher matcher = RESULT.matcher(output);
    if (exit != 0 || !matcher.find()) {
      throw new IOException(
          "PyTorch reference " + script + " rho=" + rho + " failed (exit " + exit + "): " + output);
    }
    return Double.parseDouble(matcher.group(1));
  }
}
