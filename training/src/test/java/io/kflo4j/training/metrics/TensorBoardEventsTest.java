package io.kflo4j.training.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.Summary;

class TensorBoardEventsTest {
  @TempDir Path tmp;

  @Test
  void writesOneFramedEventPerEpochWithEveryScalarAndRewritesOnResume() throws Exception {
    EpochMetrics first = new EpochMetrics(1, 2.0, 0.25, 0.3, 0.7, 0.1, 500, 10, 8, 10);
    EpochMetrics second = new EpochMetrics(2, 1.5, 0.45, 0.5, 0.9, 0.05, 520, 10, 8, 20);
    TensorBoardEvents.write(tmp, List.of(first), 1000);
    TensorBoardEvents.write(tmp, List.of(first, second), 1000);

    List<Event> events = TensorBoardEvents.read(tmp.resolve(TensorBoardEvents.FILE_NAME));
    assertEquals(3, events.size(), "the version event and one per epoch, no epoch twice");
    assertEquals("brain.Event:2", events.get(0).getFileVersion());
    assertEquals(2, events.get(2).getStep());
    assertEquals(1020.0, events.get(2).getWallTime());
    List<String> tags = new ArrayList<>();
    for (Summary.Value value : events.get(2).getSummary().getValueList()) {
      tags.add(value.getTag() + "=" + value.getSimpleValue());
    }
    assertEquals(
        List.of(
            "loss/train=1.5",
            "accuracy/train=0.45",
            "accuracy/test_top1=0.5",
            "accuracy/test_top5=0.9",
            "learning_rate=0.05",
            "speed/images_per_second=520.0"),
        tags);
  }

  @Test
  void maskedCrcIsTensorFlowsForAKnownRecord() {
    // TFRecord masks CRC-32C as ((c >>> 15) | (c << 17)) + 0xa282ead8; CRC-32C("123456789") =
    // 0xe3069283.
    int crc = 0xe3069283;
    int masked = ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    assertArrayEquals(
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(masked).array(),
        TensorBoardEvents.maskedCrc(
            "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
  }

  private static Summary histogram(String tag, double sum) {
    return Summary.newBuilder()
        .addValue(
            Summary.Value.newBuilder()
                .setTag(tag)
                .setHisto(HistogramProto.newBuilder().setNum(4).setSum(sum)))
        .build();
  }

  private static EpochMetrics row(int epoch) {
    return new EpochMetrics(epoch, 2.0 / epoch, 0.2, 0.3, 0.7, 0.1, 500, 10, 8, 10.0 * epoch);
  }

  /** Each event's step and what it holds: "scalars" or its histograms' tag=sum. */
  private static List<String> outline(Path directory) throws Exception {
    List<String> outline = new ArrayList<>();
    for (Event event : TensorBoardEvents.read(directory.resolve(TensorBoardEvents.FILE_NAME))) {
      if (!event.hasSummary()) {
        continue;
      }
      Summary.Value first = event.getSummary().getValue(0);
      outline.add(
          event.getStep()
              + ":"
              + (first.hasHisto() ? first.getTag() + "=" + first.getHisto().getSum() : "scalars"));
    }
    return outline;
  }

  @Test
  void histogramsOfEarlierEpochsAreKeptAndThoseOfEpochsAResumedRunRedoesAreDropped()
      throws Exception {
    TensorBoardEvents.write(tmp, List.of(row(1)), 1000, Optional.of(histogram("weights/a", 1)));
    TensorBoardEvents.write(tmp, List.of(row(1), row(2)), 1000, Optional.empty());
    TensorBoardEvents.write(
        tmp, List.of(row(1), row(2), row(3)), 1000, Optional.of(histogram("weights/a", 3)));
    assertEquals(
        List.of("1:scalars", "1:weights/a=1.0", "2:scalars", "3:scalars", "3:weights/a=3.0"),
        outline(tmp));

    // Resumed from the checkpoint of epoch 1: epoch 2 again, with other weights; epoch 3's
    // histograms belong to the lost epoch 3 and go.
    TensorBoardEvents.write(
        tmp, List.of(row(1), row(2)), 1000, Optional.of(histogram("weights/a", 22)));
    assertEquals(
        List.of("1:scalars", "1:weights/a=1.0", "2:scalars", "2:weights/a=22.0"), outline(tmp));
  }

  @Test
  void aTruncatedOrDamagedEventFileIsNamedWithItsRecord() throws Exception {
    TensorBoardEvents.write(tmp, List.of(row(1), row(2)), 1000);
    Path file = tmp.resolve(TensorBoardEvents.FILE_NAME);
    byte[] bytes = Files.readAllBytes(file);
    int last = TensorBoardEvents.read(file).get(2).getSerializedSize();

    Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
    assertEquals(
        file + ", record 3 is truncated: " + last + " bytes announced, " + (last + 1) + " left",
        assertThrows(IOException.class, () -> TensorBoardEvents.read(file)).getMessage());

    byte[] flipped = bytes.clone();
    flipped[bytes.length - 4 - last] ^= 1;
    Files.write(file, flipped);
    assertEquals(
        file + ", record 3 is damaged: its data fails its CRC",
        assertThrows(IOException.class, () -> TensorBoardEvents.read(file)).getMessage());
    // A run does not stop for its TensorBoard file: the damaged file is replaced (with a warning).
    TensorBoardEvents.write(tmp, List.of(row(1), row(2), row(3)), 1000);
    assertEquals(List.of("1:scalars", "2:scalars", "3:scalars"), outline(tmp));
  }
}
