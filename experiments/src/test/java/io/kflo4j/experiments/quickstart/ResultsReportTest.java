package io.kflo4j.experiments.quickstart;

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
  private static final List<ResultRow> ROWS =
      List.of(
          new ResultRow("a", "plain, from scratch", "plain", 12, 0.3512, 0.6704, 2.1, 4.29e-6, 0),
          new ResultRow("b", "plain, transfer", "plain", 12, 0.3811, 0.7001, 2.2, 5.1e-6, 1),
          new ResultRow(
              "c", "kflo:2x4, from scratch", "kflo:2x4", 12, 0.3588, 0.6721, 2.4, 3.9e-6, 0),
          new ResultRow(
              "d", "kflo:2x4, transfer", "kflo:2x4", 12, 0.35213, 0.67723, 2.25, 3.81e-6, 4));

  @Test
  void writesMarkdownCsvAndChart(@TempDir Path dir) throws Exception {
    ResultsReport.write(dir, "title", ROWS, List.of("A note."));
    assertEquals(
        """
        # title

        | run | what | reparam | epochs | top-1 % | top-5 % | train min | export max abs diff |
        |---|---|---|---|---|---|---|---|
        | a | plain, from scratch | plain | 12 | 35.12 | 67.04 | 2.1 | 4.29e-06 |
        | b | plain, transfer | plain | 12 | 38.11 | 70.01 | 2.2 | 5.10e-06 |
        | c | kflo:2x4, from scratch | kflo:2x4 | 12 | 35.88 | 67.21 | 2.4 | 3.90e-06 |
        | d | kflo:2x4, transfer | kflo:2x4 | 12 | 35.21 | 67.72 | 2.3 | 3.81e-06 |

        Transfer against training from scratch (final test top-1, this run's seed):

        - plain: transfer from 1 source 38.11 vs from scratch 35.12: ahead by 2.99 points
        - kflo:2x4: transfer from 4 sources 35.21 vs from scratch 35.88: NOT ahead (-0.67 points): transfer did not pay off on this budget

        Several pretrained models against one (final test top-1, this run's seed):

        - d (kflo:2x4, transfer) 35.21 vs b (plain, transfer) 38.11: NOT ahead (-2.90 points): the 4 models are worth less than one here

        A note.
        """,
        Files.readString(dir.resolve(ResultsReport.MARKDOWN)));
    List<String> csv = Files.readAllLines(dir.resolve(ResultsReport.CSV));
    assertEquals(
        "name,description,reparam,sources,epochs,top1,top5,minutes,export_max_abs_diff",
        csv.get(0));
    assertEquals(
        "d,\"kflo:2x4, transfer\",kflo:2x4,4,12,0.352130,0.677230,2.250,3.810e-06", csv.get(4));
    BufferedImage chart = ImageIO.read(dir.resolve(ResultsReport.CHART).toFile());
    assertEquals(900, chart.getWidth());
    assertEquals(500, chart.getHeight());
  }

  @Test
  void severalModelsAheadOfOneAreSaidSo() {
    List<ResultRow> rows =
        List.of(
            ROWS.get(1),
            new ResultRow(
                "e", "kflo:2x4, distilled", "kflo:2x4", 12, 0.4012, 0.71, 4.0, 3.8e-6, 4));
    assertEquals(
        List.of("e (kflo:2x4, distilled) 40.12 vs b (plain, transfer) 38.11: ahead by 2.01 points"),
        ResultsReport.severalAgainstOne(rows));
    assertEquals(List.of(), ResultsReport.severalAgainstOne(ROWS.subList(0, 1)));
  }

  @Test
  void configValidationNamesEveryProblem() {
    assertEquals(
        "bad quickstart configuration: outDir is required; --sources must be >= 1, got 0; "
            + "--epochs must be >= 1, got 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> QuickstartConfig.builder().optSources(0).optFinetuneEpochs(0).build())
            .getMessage());
  }
}
