package io.kflo4j.training.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

class TensorBoardEventsTest {
  @TempDir Path tmp;

  @Test
  void writesOneFramedEventPerEpochWithEveryScalarAndRewritesOnResume() throws Exception {
    EpochMetrics first = new EpochMetrics(1, 2.0, 0.25, 0.3, 0.7, 0.1, 500, 10, 8, 10);
    EpochMetrics second = new EpochMetrics(2, 1.5, 0.45, 0.5, 0.9, 0.05, 520, 10, 8, 20);
    TensorBoardEvents.write(tmp, List.of(first), 1000);
    TensorBoardEvents.write(tmp, List.of(first, second), 1000);

    List<Event> events = read(tmp.resolve(TensorBoardEvents.FILE_NAME));
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

  /** Reads TFRecords, checking both CRCs of each. */
  private static List<Event> read(Path file) throws Exception {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    List<Event> events = new ArrayList<>();
    while (buffer.hasRemaining()) {
      byte[] length = new byte[8];
      buffer.get(length);
      byte[] lengthCrc = new byte[4];
      buffer.get(lengthCrc);
      assertArrayEquals(TensorBoardEvents.maskedCrc(length), lengthCrc);
      byte[] data =
          new byte[(int) ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong()];
      buffer.get(data);
      byte[] dataCrc = new byte[4];
      buffer.get(dataCrc);
      assertArrayEquals(
          TensorBoardEvents.maskedCrc(data), dataCrc, "data CRC of record " + events.size());
      events.add(Event.parseFrom(Arrays.copyOf(data, data.length)));
    }
    return events;
  }
}
