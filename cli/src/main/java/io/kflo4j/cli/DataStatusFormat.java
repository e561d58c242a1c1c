package io.kflo4j.cli;

import io.kflo4j.datasets.DatasetStatus;
import java.util.Arrays;
import java.util.Locale;

/** Formats a {@link DatasetStatus} for people: state, place, totals and per-class counts. */
final class DataStatusFormat {
  private static final int CLASSES_PER_LINE = 4;

  private DataStatusFormat() {}

  /** The status as a few lines, each ending with a newline. */
  static String format(DatasetStatus status) {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "%-10s %-10s %s%n",
            status.variant().displayName(),
            status.state().name().toLowerCase(Locale.ROOT),
            status.directory()));
    text.append("  ").append(status.detail()).append(System.lineSeparator());
    if (status.state() == DatasetStatus.State.VERIFIED) {
      text.append(
          String.format(
              "  %d training and %d test images, %d classes; images per class (train/test):%n",
              Arrays.stream(status.trainCounts()).sum(),
              Arrays.stream(status.testCounts()).sum(),
              status.classNames().size()));
      for (int c = 0; c < status.classNames().size(); c++) {
        String cell =
            status.classNames().get(c)
                + " "
                + status.trainCounts()[c]
                + "/"
                + status.testCounts()[c];
        boolean lineStart = c % CLASSES_PER_LINE == 0;
        boolean lineEnd =
            c % CLASSES_PER_LINE == CLASSES_PER_LINE - 1 || c == status.classNames().size() - 1;
        text.append(lineStart ? "    " : "").append(lineEnd ? cell : String.format("%-30s", cell));
        text.append(lineEnd ? System.lineSeparator() : "");
      }
    }
    return text.toString();
  }
}
