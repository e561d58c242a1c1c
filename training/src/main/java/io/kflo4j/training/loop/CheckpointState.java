package io.kflo4j.training.loop;

import com.google.gson.Gson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a checkpoint stands, written as {@code state.json} beside the variables ({@code model.index},
 * {@code model.data-*}) in the run's {@code checkpoint/} directory.
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

  /** Writes the state file into a checkpoint directory. */
  public void write(Path checkpointDirectory) throws IOException {
    Files.writeString(checkpointDirectory.resolve(STATE_FILE), new Gson().toJson(this), StandardCharsets.UTF_8);
  }

  /** Reads the state file of a checkpoint directory. */
  public static CheckpointState read(Path checkpointDirectory) throws IOException {
    Path file = checkpointDirectory.resolve(STATE_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException("checkpoint " + checkpointDirectory + " has no " + STATE_FILE);
    }
    return new Gson().fromJson(Files.readString(file, StandardCharsets.UTF_8), CheckpointState.class);
  }
}
