package io.kflo4j.common.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import me.tongfei.progressbar.ProgressBarConsumer;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {

  @Test
  void rendersRatioRateEtaAndExtras() {
    List<String> frames = new CopyOnWriteArrayList<>();
    ProgressBarConsumer consumer =
        new ProgressBarConsumer() {
          @Override
          public int getMaxRenderedLength() {
            return 160;
          }

          @Override
          public void accept(String frame) {
            frames.add(frame);
          }

          @Override
          public void close() {}
        };
    TerminalProgress progress = new TerminalProgress(consumer);
    progress.start("epoch 1/2", 1000, "images");
    progress.step(400, Map.of("loss", "2.301"));
    progress.step(600, Map.of("loss", "1.234"));
    progress.finish();
    String last = frames.get(frames.size() - 1);
    assertTrue(last.contains("epoch 1/2"), last);
    assertTrue(last.contains("100%"), last);
    assertTrue(last.contains("1000/1000 images"), last);
    assertTrue(last.contains("images/s"), last);
    assertTrue(last.contains("loss=1.234"), last);
    assertEquals(
        "step() without a running task: call start() first",
        assertThrows(IllegalStateException.class, () -> progress.step(1)).getMessage());
  }
}
