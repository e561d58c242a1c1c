package io.kflo4j.transfer.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsReportTest {
  private static final List<ResultRow> ROWS = List.of(
      new ResultRow("a", "plain, from scratch", "plain", 12, 0.3512, 0.6704, 2.1, 4.29e-6),
      new ResultRow("d", "kflo:2x4, transfer", "kflo:2x4", 12, 0.35213, 0.67723, 2.25, 3.81e-6));

  @Test
  void writesMarkdownCsvAndChart(@TempDir Path dir) throws Exception {
    ResultsReport.write(dir, "title", ROWS);
    assertEquals("""
        # title

        | run | what | reparam | epochs | top-1 % | top-5 % | train min | export max abs diff |
        |---|---|---|---|---|---|---|---|
        | a | plain, from scratch | plain | 12 | 35.12 | 67.04 | 2.1 | 4.29e-06 |
        | d | kflo:2x4, transfer | kflo:2x4 | 12 | 35.21 | 67.72 | 2.3 | 3.81e-06 |
        """, Files.readString(dir.resolve(ResultsReport.MARKDOWN)));
    List<String> csv = Files.readAllLines(dir.resolve(ResultsReport.CSV));
    assertEquals("name,description,reparam,epochs,top1,top5,minutes,export_max_abs_diff", csv.get(0));
    assertEquals("d,\"kflo:2x4, transfer\",kflo:2x4,12,0.352130,0.677230,2.250,3.810e-06", csv.get(2));
    BufferedImage chart = ImageIO.read(dir.resolve(ResultsReport.CHART).toFile());
    assertEquals(900, chart.getWidth());
    assertEquals(500, chart.getHeight());
  }

  @Test
  void configValidationNamesEveryProblem() {
    assertEquals("bad quickstart configuration: outDir is required; sources must be >= 1, got 0; "
            + "fine-tune epochs must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class,
            () -> QuickstartConfig.builder().optSources(0).optFinetuneEpochs(0).build()).getMessage());
  }
}
