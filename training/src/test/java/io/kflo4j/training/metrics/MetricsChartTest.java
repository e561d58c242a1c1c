package io.kflo4j.training.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsChartTest {

  @TempDir Path dir;

  @Test
  void writesAReadablePngOfTheExpectedSize() throws IOException {
    Path png = dir.resolve("metrics.png");
    MetricsChart.write(MetricsFixtures.rows(60), "cifar10 vgg16 kflo:2x4", png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "ImageIO reads the PNG");
    assertEquals(MetricsChart.WIDTH, image.getWidth());
    assertEquals(MetricsChart.HEIGHT, image.getHeight());
    assertEquals(900, image.getWidth());
    assertEquals(960, image.getHeight());
    assertTrue(distinctColors(image) > 10, "something was drawn");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(png), files.toList(), "no temporary file left behind");
    }
    assertEquals("true", System.getProperty("java.awt.headless"));
  }

  @Test
  void rendersOneEpochAndAllNaNTestValues() throws IOException {
    EpochMetrics only = new EpochMetrics(1, 2.3, 0.1, Double.NaN, Double.NaN, 0.1, 100, 1, 1, 1);
    BufferedImage image =
        ImageIO.read(new java.io.ByteArrayInputStream(MetricsChart.render(List.of(only), "one")));
    assertEquals(MetricsChart.HEIGHT, image.getHeight());
  }

  @Test
  void rejectsNoRows() {
    assertEquals(
        "no epochs to chart",
        assertThrows(IllegalArgumentException.class, () -> MetricsChart.render(List.of(), "x"))
            .getMessage());
  }

  private static int distinctColors(BufferedImage image) {
    java.util.Set<Integer> colors = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colors.add(image.getRGB(x, y));
      }
    }
    return colors.size();
  }
}
