package io.kflo4j.savedmodels;

import io.kflo4j.graph.variables.Shapes;
import io.kflo4j.savedmodels.core.SavedModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * A SavedModel's {@code variables/} checkpoint checked before TensorFlow reads it, so that a
 * damaged file is named with what is wrong with it instead of TensorFlow's raw message: the index
 * must end with the table footer every TensorFlow checkpoint index has, every data shard the names
 * announce must be there, and a single shard must hold at least the bytes of the variables the
 * graph declares (float32 values, stored back to back).
 */
final class VariablesCheckpoint {
  /** The magic number that ends a TensorFlow table (the checkpoint index), little-endian. */
  private static final long TABLE_MAGIC = 0xdb4775248b80fb57L;

  /** The footer of a table: two block handles padded to 40 bytes, then the magic number. */
  private static final int FOOTER_BYTES = 48;

  private static final Pattern SHARD = Pattern.compile("variables\\.data-(\\d{5})-of-(\\d{5})");

  private VariablesCheckpoint() {}

  /**
   * Checks the checkpoint of the model in {@code directory}, which declares {@code variables}.
   *
   * @throws SavedModelException naming the file and what is wrong with it
   */
  static void check(Path directory, Map<String, long[]> variables) {
    Path folder = directory.resolve(SavedModelFiles.VARIABLES_PREFIX).getParent();
    try {
      checkIndex(directory, directory.resolve(SavedModelFiles.VARIABLES_INDEX));
      checkShards(directory, folder, variables);
    } catch (IOException e) {
      throw new SavedModelException(
          "cannot read the variables of " + directory + ": " + e.getMessage(), e);
    }
  }

  /** One line for a restore TensorFlow refused, its node names left out. */
  static String describe(Path directory, TensorFlowException e) {
    String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    return "cannot restore the variables of "
        + directory
        + " from "
        + SavedModelFiles.VARIABLES_PREFIX
        + ".index and .data-*: "
        + reason.strip();
  }

  private static void checkIndex(Path directory, Path index) throws IOException {
    long size = Files.size(index);
    if (size < FOOTER_BYTES || footerMagic(index, size) != TABLE_MAGIC) {
      throw new SavedModelException(
          directory
              + ": "
              + SavedModelFiles.VARIABLES_INDEX
              + " is not a TensorFlow checkpoint index (it lacks the index's closing footer:"
              + " damaged, truncated or another file)");
    }
  }

  private static long footerMagic(Path index, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(index)) {
      ByteBuffer magic = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(magic, size - Long.BYTES);
      return magic.flip().remaining() == Long.BYTES ? magic.getLong() : 0;
    }
  }

  private static void checkShards(Path directory, Path folder, Map<String, long[]> variables)
      throws IOException {
    int shards = -1;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Matcher matcher = SHARD.matcher(file.getFileName().toString());
        if (matcher.matches()) {
          shards = Integer.parseInt(matcher.group(2));
        }
      }
    }
    if (shards < 1) {
      throw new SavedModelException(
          directory + ": " + folder.getFileName() + "/ holds no variables.data-*-of-* file");
    }
    for (int shard = 0; shard < shards; shard++) {
      Path file = folder.resolve(String.format("variables.data-%05d-of-%05d", shard, shards));
      if (!Files.isRegularFile(file)) {
        throw new SavedModelException(
            directory + ": " + relative(directory, file) + " is missing (of " + shards + ")");
      }
    }
    if (shards == 1) {
      Path file = folder.resolve("variables.data-00000-of-00001");
      long needed = Float.BYTES * variables.values().stream().mapToLong(Shapes::size).sum();
      long size = Files.size(file);
      if (size < needed) {
        throw new SavedModelException(
            String.format(
                "%s: %s is truncated: %,d bytes, the model's %d variables take %,d",
                directory, relative(directory, file), size, variables.size(), needed));
      }
    }
  }

  private static String relative(Path directory, Path file) {
    return directory.relativize(file).toString();
  }
}
