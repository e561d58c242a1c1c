package io.kflo4j.training.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kflo4j.common.files.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * A run's metrics as a TensorBoard event file ({@code RUN/tensorboard/}{@value #FILE_NAME}): one
 * scalar per metric and epoch (step = epoch), so {@code tensorboard --logdir runs} compares runs
 * (and grid cells), and optionally the weight histograms of some epochs ({@link WeightHistograms}).
 * The file is rewritten whole after every epoch, atomically: the scalars from the metrics rows, the
 * histograms of earlier epochs read back from the file itself, so a resumed run never holds an
 * epoch twice.
 *
 * <p>Format: TFRecord framing (little-endian length, masked CRC-32C of the length, the serialized
 * {@code Event}, masked CRC-32C of the data), a first event with {@code file_version
 * "brain.Event:2"}, then per epoch its scalars' event and, when it has them, its histograms' event.
 */
public final class TensorBoardEvents {
  /** The event file's name; TensorBoard reads any file whose name holds {@code tfevents}. */
  public static final String FILE_NAME = "events.out.tfevents.0.kflo4j";

  private static final Logger LOG = LogManager.getLogger(TensorBoardEvents.class);

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
   * Writes the event file for {@code rows} into {@code directory}, without histograms of the last
   * row's epoch.
   *
   * @param startSeconds wall time (Unix seconds) the run started; each event is stamped start + the
   *     row's total time
   */
  public static void write(Path directory, List<EpochMetrics> rows, double startSeconds)
      throws IOException {
    write(directory, rows, startSeconds, Optional.empty());
  }

  /**
   * Writes the event file for {@code rows} into {@code directory}: the histograms the file already
   * holds for epochs before the last row's are kept, those of later epochs (left by a run that was
   * resumed from an earlier checkpoint) are dropped, and {@code lastHistograms} become the last
   * row's.
   *
   * @param startSeconds wall time (Unix seconds) the run started; each event is stamped start + the
   *     row's total time
   * @param lastHistograms the weight histograms after the last row's epoch, if charted
   * @throws IOException if the file cannot be written (a damaged existing file is logged and
   *     replaced: a run does not stop for its TensorBoard file)
   */
  public static void write(
      Path directory,
      List<EpochMetrics> rows,
      double startSeconds,
      Optional<Summary> lastHistograms)
      throws IOException {
    write(directory, rows, startSeconds, lastHistograms, Map.of());
  }

  /**
   * {@link #write(Path, List, double, Optional)} with further scalars per epoch (e.g. the step
   * ratios' epoch means), written beside the epoch's metrics.
   *
   * @param extraScalars by epoch, tag to value
   */
  public static void write(
      Path directory,
      List<EpochMetrics> rows,
      double startSeconds,
      Optional<Summary> lastHistograms,
      Map<Integer, Map<String, Double>> extraScalars)
      throws IOException {
    Path file = directory.resolve(FILE_NAME);
    int lastEpoch = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).epoch();
    Map<Long, Summary> histograms = new HashMap<>();
    for (Event event : readForRewrite(file)) {
      if (event.hasSummary() && event.getStep() < lastEpoch && isHistograms(event.getSummary())) {
        histograms.put(event.getStep(), event.getSummary());
      }
    }
    lastHistograms.ifPresent(summary -> histograms.put((long) lastEpoch, summary));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    record(
        out, Event.newBuilder().setWallTime(startSeconds).setFileVersion("brain.Event:2").build());
    for (EpochMetrics row : rows) {
      Summary.Builder summary = Summary.newBuilder();
      Map<String, Double> tags = new LinkedHashMap<>(scalars(row));
      tags.putAll(extraScalars.getOrDefault(row.epoch(), Map.of()));
      tags.forEach(
          (tag, value) -> {
            if (!Double.isNaN(value)) {
              summary.addValue(
                  Summary.Value.newBuilder().setTag(tag).setSimpleValue(value.floatValue()));
            }
          });
      double wallTime = startSeconds + row.totalSeconds();
      record(out, summaryEvent(wallTime, row.epoch(), summary.build()));
      Summary rowHistograms = histograms.get((long) row.epoch());
      if (rowHistograms != null) {
        record(out, summaryEvent(wallTime, row.epoch(), rowHistograms));
      }
    }
    Files.createDirectories(directory);
    AtomicFiles.write(file, out.toByteArray());
  }

  private static Event summaryEvent(double wallTime, long step, Summary summary) {
    return Event.newBuilder().setWallTime(wallTime).setStep(step).setSummary(summary).build();
  }

  /** The file's events, or none if it is missing or damaged (a damaged one is named, and goes). */
  private static List<Event> readForRewrite(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return read(file);
    } catch (IOException e) {
      LOG.warn("{}; rewriting it from the metrics, without the histograms it held", e.getMessage());
      return List.of();
    }
  }

  private static boolean isHistograms(Summary summary) {
    return summary.getValueCount() > 0
        && summary.getValueList().stream().allMatch(Summary.Value::hasHisto);
  }

  /**
   * Reads an event file, checking both CRCs of every record.
   *
   * @throws IOException naming the file and the record if it is truncated or damaged
   */
  public static List<Event> read(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (buffer.hasRemaining()) {
      String where = file + ", record " + (events.size() + 1);
      if (buffer.remaining() < 12) {
        throw new IOException(where + " is truncated (no room for its length)");
      }
      byte[] length = new byte[8];
      buffer.get(length);
      byte[] lengthCrc = new byte[4];
      buffer.get(lengthCrc);
      if (!Arrays.equals(maskedCrc(length), lengthCrc)) {
        throw new IOException(where + " is damaged: its length fails its CRC");
      }
      long size = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (size < 0 || size > buffer.remaining() - 4) {
        throw new IOException(
            where + " is truncated: " + size + " bytes announced, " + buffer.remaining() + " left");
      }
      byte[] data = new byte[(int) size];
      buffer.get(data);
      byte[] dataCrc = new byte[4];
      buffer.get(dataCrc);
      if (!Arrays.equals(maskedCrc(data), dataCrc)) {
        throw new IOException(where + " is damaged: its data fails its CRC");
      }
      try {
        events.add(Event.parseFrom(data));
      } catch (InvalidProtocolBufferException e) {
        throw new IOException(where + " is not a TensorFlow Event: " + e.getMessage(), e);
      }
    }
    return events;
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
