package io.kflo4j.savedmodels.eval;

import io.kflo4j.savedmodels.Evaluation;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * Renders a confusion matrix as a heat map: one cell per (true, predicted) pair, shaded by the
 * fraction of the true class's images (white 0 to dark blue 1), class names on both axes when there
 * are few enough classes to read them, and the count in each cell for up to 20 classes.
 */
public final class ConfusionMatrixImage {
  private static final int MARGIN = 20;
  private static final int MAX_LABELLED_CLASSES = 40;
  private static final int MAX_COUNTED_CLASSES = 20;

  private ConfusionMatrixImage() {}

  /** The heat map of an evaluation, with {@code title} above it. */
  public static BufferedImage render(Evaluation evaluation, String title) {
    long[][] confusion = evaluation.confusion();
    long[] counts = evaluation.classCounts();
    List<String> names = evaluation.classNames();
    int classes = confusion.length;
    int cell =
        classes <= 10
            ? 48
            : classes <= MAX_COUNTED_CLASSES ? 32 : classes <= MAX_LABELLED_CLASSES ? 16 : 7;
    boolean labelled = classes <= MAX_LABELLED_CLASSES;
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D probeGraphics = probe.createGraphics();
    FontMetrics metrics = probeGraphics.getFontMetrics(font);
    int labelWidth = 0;
    if (labelled) {
      for (String name : names) {
        labelWidth = Math.max(labelWidth, metrics.stringWidth(name));
      }
    }
    probeGraphics.dispose();
    int axisSpace = labelled ? labelWidth + 10 : 10;
    int top = MARGIN + 2 * metrics.getHeight() + axisSpace;
    int left = MARGIN + metrics.getHeight() + axisSpace;
    int width = Math.max(left + classes * cell + MARGIN, metrics.stringWidth(title) + 2 * MARGIN);
    int height = top + classes * cell + MARGIN;

    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setFont(font);
      g.setColor(Color.BLACK);
      g.drawString(title, MARGIN, MARGIN + metrics.getAscent());
      g.drawString("predicted class", left, MARGIN + metrics.getHeight() + metrics.getAscent());
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      g.drawString(
          "true class",
          -(top + classes * cell / 2 + metrics.stringWidth("true class") / 2),
          MARGIN + metrics.getAscent());
      g.setTransform(saved);
      for (int t = 0; t < classes; t++) {
        for (int p = 0; p < classes; p++) {
          double fraction = counts[t] == 0 ? 0 : (double) confusion[t][p] / counts[t];
          g.setColor(shade(fraction));
          g.fillRect(left + p * cell, top + t * cell, cell, cell);
          if (classes <= MAX_COUNTED_CLASSES && confusion[t][p] > 0) {
            String text = Long.toString(confusion[t][p]);
            g.setColor(fraction > 0.5 ? Color.WHITE : Color.BLACK);
            g.drawString(
                text,
                left + p * cell + (cell - metrics.stringWidth(text)) / 2,
                top + t * cell + (cell + metrics.getAscent()) / 2 - 2);
          }
        }
      }
      g.setColor(Color.GRAY);
      g.setStroke(new BasicStroke(1));
      g.drawRect(left, top, classes * cell, classes * cell);
      if (labelled) {
        g.setColor(Color.BLACK);
        for (int i = 0; i < classes; i++) {
          String name = names.get(i);
          g.drawString(
              name,
              left - 5 - metrics.stringWidth(name),
              top + i * cell + (cell + metrics.getAscent()) / 2 - 2);
          AffineTransform before = g.getTransform();
          g.translate(left + i * cell + (cell + metrics.getAscent()) / 2 - 2, top - 5);
          g.rotate(-Math.PI / 2);
          g.drawString(name, 0, 0);
          g.setTransform(before);
        }
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  /** White (0) to dark blue (1). */
  static Color shade(double fraction) {
    double f = Math.max(0, Math.min(1, fraction));
    return new Color(
        (int) Math.round(255 - f * (255 - 8)),
        (int) Math.round(255 - f * (255 - 48)),
        (int) Math.round(255 - f * (255 - 107)));
  }

  /** A title like {@code cifar10 test: top-1 87.41%, top-5 99.50%}. */
  public static String title(String what, Evaluation evaluation) {
    return String.format(
        Locale.ROOT,
        "%s: top-1 %.2f%%, top-5 %.2f%% (%d images)",
        what,
        100 * evaluation.top1(),
        100 * evaluation.top5(),
        evaluation.images());
  }
}
