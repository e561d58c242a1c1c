package io.kflo4j.training.metrics;

import io.kflo4j.common.files.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * A run's metrics as a TensorBoard event file ({@code RUN/tensorboard/}{@value #FILE_NAME}): one
 * scalar per metric and epoch (step = epoch), so {@code tensorboard --logdir runs} compares runs
 * (and grid cells). The file is rewritten whole from the metrics rows after every epoch,
 * atomically, so a resumed run never holds an epoch twice.
 *
 * <p>Format: TFRecord framing (little-endian length, masked CRC-32C of the length, the serialized
 * {@code Event}, masked CRC-32C of the data), a first event with {@code file_version
 * "brain.Event:2"}, then one event per epoch.
 */
public final class TensorBoardEvents {
  /** The event file's name; TensorBoard reads any file whose name holds {@code tfevents}. */
  public static final String FILE_NAME = "events.out.tfevents.0.kflo4j";

  private TensorBoardEvents() {}

  /**
   * The scalars of one epoch, by tag.
   *
   * @param row the epoch's metrics
   */
  static Map<String, Double> scalars(EpochMetrics row) {
    Map<String, Double> scalars = new LinkedHashMap<>();
    scalars.put("loss/train", row.trainLoss());
    scalars.put("accuracy/train", row.trainAccuracy());
    scalars.put("accuracy/test_top1", row.testTop1());
    scalars.put("accuracy/test_top5", row.testTop5());
    scalars.put("learning_rate", row.learningRate());
    scalars.put("speed/images_per_second", row.imagesPerSecond());
    return scalars;
  }

  /**
   * Writes the event file for {@code rows} into {@code directory}.
   *
   * @param startSeconds wall time (Unix seconds) the run started; each event is stamped start + the
   *     row's total time
   */
  public static void write(Path directory, List<EpochMetrics> rows, double startSeconds)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    record(
        out, Event.newBuilder().setWallTime(startSeconds).setFileVersion("brain.Event:2").build());
    for (EpochMetrics row : rows) {
      Summary.Builder summary = Summary.newBuilder();
      scalars(row)
          .forEach(
              (tag, value) -> {
                if (!Double.isNaN(value)) {
                  summary.addValue(
                      Summary.Value.newBuilder().setTag(tag).setSimpleValue(value.floatValue()));
                }
              });
      record(
          out,
          Event.newBuilder()
              .setWallTime(startSeconds + row.totalSeconds())
              .setStep(row.epoch())
              .setSummary(summary)
              .build());
    }
    Files.createDirectories(directory);
    AtomicFiles.write(directory.resolve(FILE_NAME), out.toByteArray());
  }

  private static void record(ByteArrayOutputStream out, Event event) {
    byte[] data = event.toByteArray();
    byte[] length =
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
    out.writeBytes(length);
    out.writeBytes(maskedCrc(length));
    out.writeBytes(data);
    out.writeBytes(maskedCrc(data));
  }

  /** TFRecord's masked CRC-32C, little-endian. */
  static byte[] maskedCrc(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    int value = (int) crc.getValue();
    int masked = ((value >>> 15) | (value << 17)) + 0xa282ead8;
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(masked).array();
  }
}
