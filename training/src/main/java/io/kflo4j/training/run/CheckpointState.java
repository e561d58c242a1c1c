package io.kflo4j.training.run;

import io.kflo4j.common.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a checkpoint stands, written as {@code state.json} beside the variables ({@code
 * model.index}, {@code model.data-*}) in the run's {@code checkpoint/} directory, with the size of
 * every variables file: a file deleted or truncated since is found and named before TensorFlow
 * reads it (on resume, and when a run is opened for export).
 *
 * @param epoch the last finished epoch (1-based)
 * @param iteration optimizer steps done, the schedule's position
 */
public record CheckpointState(int epoch, long iteration) {
  /** The checkpoint prefix inside a checkpoint directory. */
  public static final String VARIABLES_PREFIX = "model";

  /** The state file inside a checkpoint directory. */
  public static final String STATE_FILE = "state.json";

  /** The variables prefix of a checkpoint directory, for {@code Session.save/restore}. */
  public static String prefix(Path checkpointDirectory) {
    return checkpointDirectory.resolve(VARIABLES_PREFIX).toString();
  }

  /**
   * Writes the state file into a checkpoint directory whose variables are saved, recording the
   * variables files' sizes.
   */
  public void write(Path checkpointDirectory) throws IOException {
    StateForm json = new StateForm();
    json.epoch = epoch;
    json.iteration = iteration;
    json.files = variablesFiles(checkpointDirectory);
    Json.writeFile(checkpointDirectory.resolve(STATE_FILE), json);
  }

  /**
   * Reads the state file of a checkpoint directory and checks its variables files.
   *
   * @throws IOException naming the file: the state file missing, truncated or invalid; a variables
   *     file missing, or of another size than when it was written (checkpoints written before sizes
   *     were recorded: {@code model.index} or every {@code model.data-*} file missing or empty)
   */
  public static CheckpointState read(Path checkpointDirectory) throws IOException {
    Path file = checkpointDirectory.resolve(STATE_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException("checkpoint " + checkpointDirectory + " has no " + STATE_FILE);
    }
    StateForm json;
    try {
      json = Json.readFile(file, StateForm.class);
    } catch (IllegalArgumentException e) {
      json = null;
    }
    if (json == null
        || json.epoch == null
        || json.iteration == null
        || json.epoch < 1
        || json.iteration < 0) {
      throw new IOException(
          file
              + " is damaged (truncated?): expected {\"epoch\": N >= 1, \"iteration\": N >= 0, "
              + "\"files\": {...}}");
    }
    checkFiles(checkpointDirectory, json.files);
    return new CheckpointState(json.epoch, json.iteration);
  }

  private static void checkFiles(Path directory, Map<String, Long> recorded) throws IOException {
    Map<String, Long> present = variablesFiles(directory);
    if (recorded == null) {
      boolean data =
          present.entrySet().stream()
              .anyMatch(e -> e.getKey().contains(".data-") && e.getValue() > 0);
      if (!present.containsKey(VARIABLES_PREFIX + ".index") || !data) {
        throw new IOException(
            "checkpoint "
                + directory
                + " is incomplete: it needs "
                + VARIABLES_PREFIX
                + ".index and "
                + VARIABLES_PREFIX
                + ".data-* files, it holds "
                + present.keySet());
      }
      return;
    }
    for (Map.Entry<String, Long> entry : recorded.entrySet()) {
      Long size = present.get(entry.getKey());
      if (size == null) {
        throw new IOException(
            "checkpoint " + directory + " is incomplete: " + entry.getKey() + " is missing");
      }
      if (!size.equals(entry.getValue())) {
        throw new IOException(
            "checkpoint "
                + directory
                + " is damaged: "
                + entry.getKey()
                + " has "
                + size
                + " bytes, "
                + entry.getValue()
                + " were written"
                + (size < entry.getValue() ? " (truncated)" : ""));
      }
    }
  }

  /** The variables files ({@code model.*}) of a checkpoint directory and their sizes, by name. */
  private static Map<String, Long> variablesFiles(Path directory) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (name.startsWith(VARIABLES_PREFIX + ".") && Files.isRegularFile(entry)) {
          files.put(name, Files.size(entry));
        }
      }
    }
    return files;
  }

  /** The state file's form. */
  private static final class StateForm {
    Integer epoch;
    Long iteration;
    Map<String, Long> files;
  }
}
