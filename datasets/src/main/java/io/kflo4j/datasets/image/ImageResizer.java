package io.kflo4j.datasets.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Resizes an image of any size and type to a square RGB image: successive halving, then one
 * bilinear step, which averages like an area filter when shrinking. The aspect ratio is not kept
 * (CIFAR images are square); transparent pixels come out black.
 */
final class ImageResizer {
  private ImageResizer() {}

  /**
   * {@code image} as a {@code side x side} {@link BufferedImage#TYPE_INT_RGB} image (always a new
   * image).
   */
  static BufferedImage toSquareRgb(BufferedImage image, int side) {
    BufferedImage current = draw(image, image.getWidth(), image.getHeight(), false);
    int w = current.getWidth();
    int h = current.getHeight();
    while (w >= 2 * side || h >= 2 * side) {
      w = Math.max(side, w >= 2 * side ? w / 2 : w);
      h = Math.max(side, h >= 2 * side ? h / 2 : h);
      current = draw(current, w, h, true);
    }
    return w == side && h == side ? current : draw(current, side, side, true);
  }

  private static BufferedImage draw(BufferedImage image, int w, int h, boolean interpolate) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      if (interpolate) {
        g.setRenderingHint(
            RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, w, h, null);
      } else {
        g.drawImage(image, 0, 0, null);
      }
    } finally {
      g.dispose();
    }
    return out;
  }
}
