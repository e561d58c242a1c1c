package io.kflo4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** One line describing the machine a benchmark ran on: CPUs, CPU model, OS and Java. */
final class BenchMachine {
  private BenchMachine() {}

  /** E.g. {@code 2 CPU(s) available (AMD EPYC), Linux 6.1 amd64, Java 17.0.15}. */
  static String describe() {
    return Runtime.getRuntime().availableProcessors()
        + " CPU(s) available ("
        + cpuModel()
        + "), "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + " "
        + System.getProperty("os.arch")
        + ", Java "
        + System.getProperty("java.version");
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).strip())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }
}
