package io.kflo4j.experiments.bench;

import io.kflo4j.experiments.bench.InferenceBenchmark.Config;
import io.kflo4j.experiments.bench.InferenceBenchmark.Measurement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Times several models against each other: each is warmed up at every batch size (which calibrates
 * its iterations per measurement to about {@link Config#secondsPerMeasurement()}), then each round
 * measures every model once per batch size in an order rotated every round, so that no model is
 * always first or last. At batch 1 every call's latency is kept.
 */
final class RoundRobinMeasurement {
  /** A model that runs one batch of prepared inputs. */
  interface BatchRunner {
    void run(int batch);
  }

  private RoundRobinMeasurement() {}

  /**
   * Measures every runner at every batch size of {@code config}.
   *
   * @param runners the models by label, in the order of the first round
   * @param log receives a line per phase
   * @return one measurement per batch size and model, batch sizes outermost
   */
  static List<Measurement> measure(
      Config config, Map<String, BatchRunner> runners, Consumer<String> log) {
    Map<String, Integer> iterations = new LinkedHashMap<>();
    log.accept("warming up");
    for (int batch : config.batchSizes()) {
      for (Map.Entry<String, BatchRunner> runner : runners.entrySet()) {
        double seconds = warmUp(runner.getValue(), batch, config.secondsPerMeasurement());
        iterations.put(
            key(runner.getKey(), batch),
            (int) Math.max(1, Math.round(config.secondsPerMeasurement() / seconds)));
      }
    }
    List<String> names = new ArrayList<>(runners.keySet());
    Map<String, double[]> rates = new LinkedHashMap<>();
    Map<String, List<Double>> latencies = new LinkedHashMap<>();
    for (int round = 0; round < config.rounds(); round++) {
      for (int batch : config.batchSizes()) {
        for (int i = 0; i < names.size(); i++) {
          String name = names.get((i + round) % names.size());
          int n = iterations.get(key(name, batch));
          List<Double> calls = latencies.computeIfAbsent(key(name, batch), k -> new ArrayList<>());
          long start = System.nanoTime();
          long previous = start;
          for (int k = 0; k < n; k++) {
            runners.get(name).run(batch);
            if (batch == 1) {
              long now = System.nanoTime();
              calls.add((now - previous) / 1e6);
              previous = now;
            }
          }
          double elapsed = (System.nanoTime() - start) / 1e9;
          rates.computeIfAbsent(key(name, batch), k -> new double[config.rounds()])[round] =
              n * batch / elapsed;
        }
      }
      log.accept("round " + (round + 1) + "/" + config.rounds() + " done");
    }
    List<Measurement> measurements = new ArrayList<>();
    for (int batch : config.batchSizes()) {
      for (String name : names) {
        measurements.add(
            new Measurement(
                name,
                batch,
                iterations.get(key(name, batch)),
                rates.get(key(name, batch)),
                latencies.get(key(name, batch)).stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray()));
      }
    }
    return measurements;
  }

  /**
   * Runs until about {@code seconds} have passed (at least 3 runs) and returns the seconds of one
   * run.
   */
  private static double warmUp(BatchRunner runner, int batch, double seconds) {
    runner.run(batch);
    long start = System.nanoTime();
    int runs = 0;
    while (runs < 3 || (System.nanoTime() - start) / 1e9 < seconds) {
      runner.run(batch);
      runs++;
    }
    return (System.nanoTime() - start) / 1e9 / runs;
  }

  private static String key(String model, int batch) {
    return model + "@" + batch;
  }
}
