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
 * A Python framework's Cifar-quick training step, run as a script for side-by-side step times: the
 * PyTorch reference-style step ({@code torch_cifarquick_step.py}: plain, or KFLO with rho = R) or
 * the Keras 3 / TensorFlow step ({@code keras_cifarquick_step.py}: plain). Both scripts are
 * resources of this module, take {@code RHO STEPS} and print {@code N ms/step}.
 */
public final class PythonStepReference {

  /** The frameworks with a reference step, their scripts and what they need. */
  public enum Framework {
    /** Debian's {@code python3-torch}; plain and KFLO 2xR. */
    PYTORCH(
        "PyTorch",
        "torch",
        "torch_cifarquick_step.py",
        "--vs-pytorch",
        "--torch-script",
        "install Debian's python3-torch, or name its python with --python",
        true),
    /** TensorFlow 2 with Keras 3 (for example the wheels of tensorflow-cpu 2.21); plain only. */
    KERAS(
        "Keras",
        "keras",
        "keras_cifarquick_step.py",
        "--vs-keras",
        "--keras-script",
        "make one with scripts/keras-yardstick.sh and name it with --keras-python",
        false);

    private final String displayName;
    private final String module;
    private final String script;
    private final String comparisonOption;
    private final String scriptOption;
    private final String installHint;
    private final boolean timesKflo;

    Framework(
        String displayName,
        String module,
        String script,
        String comparisonOption,
        String scriptOption,
        String installHint,
        boolean timesKflo) {
      this.displayName = displayName;
      this.module = module;
      this.script = script;
      this.comparisonOption = comparisonOption;
      this.scriptOption = scriptOption;
      this.installHint = installHint;
      this.timesKflo = timesKflo;
    }

    /** The framework's name in reports. */
    public String displayName() {
      return displayName;
    }

    /** The script this module carries, a resource beside {@link PythonStepReference}. */
    public String script() {
      return script;
    }

    /** The {@code kflo bench train} option that asks for the comparison. */
    public String comparisonOption() {
      return comparisonOption;
    }

    /** Whether the script times KFLO 2xR as well as plain (RHO above 0), not plain only. */
    public boolean timesKflo() {
      return timesKflo;
    }
  }

  private static final Pattern RESULT = Pattern.compile("([0-9.]+) ms/step");
  private final Framework framework;
  private final String python;
  private final Path script;
  private final Map<Integer, List<Double>> measured = new TreeMap<>();

  /**
   * The reference step of {@code framework} in {@code script}, run by {@code python}.
   *
   * @throws IllegalArgumentException if the script is not a readable file
   */
  public PythonStepReference(Framework framework, String python, Path script) {
    if (!Files.isRegularFile(script)) {
      throw new IllegalArgumentException(
          framework.displayName
              + " reference step "
              + script
              + " not found ("
              + framework.scriptOption
              + ")");
    }
    this.framework = framework;
    this.python = python;
    this.script = script;
  }

  /**
   * The reference step this module carries for {@code framework}, run by {@code python}: the script
   * is copied to a temporary file, deleted when the JVM exits.
   *
   * @throws UncheckedIOException if the script cannot be copied
   */
  public static PythonStepReference bundled(Framework framework, String python) {
    try (InputStream in = PythonStepReference.class.getResourceAsStream(framework.script)) {
      if (in == null) {
        throw new IllegalStateException(framework.script + " is missing from the experiments jar");
      }
      Path script = Files.createTempFile("kflo-" + framework.module + "-step-", ".py");
      script.toFile().deleteOnExit();
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      return new PythonStepReference(framework, python, script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The framework whose step this is. */
  public Framework framework() {
    return framework;
  }

  /** The script that is run. */
  public Path script() {
    return script;
  }

  /**
   * Why {@code framework}'s step cannot run with {@code python} (python missing, or it cannot
   * import the framework's module), or null if it can.
   */
  public static String unavailableReason(Framework framework, String python) {
    try {
      Process check =
          new ProcessBuilder(python, "-c", "import " + framework.module)
              .redirectErrorStream(true)
              .start();
      String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!check.waitFor(120, TimeUnit.SECONDS) || check.exitValue() != 0) {
        return python
            + " cannot import "
            + framework.module
            + " ("
            + framework.installHint
            + "): "
            + lastLine(output);
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
          framework.displayName
              + " reference "
              + script
              + " rho="
              + rho
              + " failed (exit "
              + exit
              + "): "
              + output.strip());
    }
    return Double.parseDouble(matcher.group(1));
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1];
  }
}
