package io.kflo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeLogFilterTest {
  /** What TensorFlow 2.18 writes on the first session run, whatever TF_CPP_MIN_LOG_LEVEL says. */
  private static final String ABSL =
      "WARNING: All log messages before absl::InitializeLog() is called are written to "
          + "STDERR\nI0000 00:00:1796110956.093645    7758 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass "
          + "is not enabled\n";

  private static final String WARNING =
      "W0000 00:00:1796110956.1    7758 cpu_utils.cc:145] Failed to get CPU frequency\n";

  private static String filter(int level, String input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new NativeLogFilter(level, out)
        .copy(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void abslLinesBelowTheLevelAreDroppedAndTheRestKept() throws IOException {
    String ours =
        "12:00:01.000 INFO  Trainer - epoch 1/4\nImages: 5\nkflo: error: cannot resume x\n";
    assertEquals(ours, filter(2, ABSL + ours + WARNING));
    assertEquals(ours + WARNING, filter(1, ABSL + ours + WARNING));
    assertEquals(ABSL + ours + WARNING, filter(0, ABSL + ours + WARNING));
    assertEquals("E0000 00:00:1.5 1 x.cc:1] bad\n", filter(2, "E0000 00:00:1.5 1 x.cc:1] bad\n"));
  }

  @Test
  void aProgressBarIsPassedAsItIsDrawnAndAnUnfinishedLineAtTheEnd() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> seenBeforeEachRead = new ArrayList<>();
    Deque<String> chunks =
        new ArrayDeque<>(List.of(ABSL + "\repoch 1/4  10%", "\repoch 1/4  20%", "\n", "I00"));
    InputStream in =
        new InputStream() {
          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] buffer) {
            seenBeforeEachRead.add(out.toString(StandardCharsets.UTF_8));
            if (chunks.isEmpty()) {
              return -1;
            }
            byte[] chunk = chunks.pop().getBytes(StandardCharsets.UTF_8);
            System.arraycopy(chunk, 0, buffer, 0, chunk.length);
            return chunk.length;
          }
        };
    new NativeLogFilter(2, out).copy(in);
    assertEquals(
        List.of(
            "",
            "\repoch 1/4  10%",
            "\repoch 1/4  10%\repoch 1/4  20%",
            "\repoch 1/4  10%\repoch 1/4  20%\n",
            "\repoch 1/4  10%\repoch 1/4  20%\n"),
        seenBeforeEachRead);
    assertEquals("\repoch 1/4  10%\repoch 1/4  20%\nI00", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theLevelComesFromTheEnvironmentValue() {
    assertEquals(2, NativeLogFilter.level("2"));
    assertEquals(0, NativeLogFilter.level(null));
    assertEquals(0, NativeLogFilter.level("verbose"));
  }
}
