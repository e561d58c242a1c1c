package io.kflo4j.savedmodels.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Image files for tests (this class travels in the saved-models test jar). */
public final class TestImages {
  private TestImages() {}

  /** Writes a black {@code width x height} PNG to {@code file} and returns it. */
  public static Path png(Path file, int width, int height) throws IOException {
    ImageIO.write(
        new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    return file;
  }
}
