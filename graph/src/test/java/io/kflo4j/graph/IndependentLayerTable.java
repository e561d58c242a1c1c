package io.kflo4j.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * The kernel layers of each test architecture, written out from the papers' descriptions, not from
 * the code.
 */
final class IndependentLayerTable {
  private IndependentLayerTable() {}

  /** Rows {fan-in, out, hasBias (1/0)} in layer order. */
  static List<long[]> layers(String arch, int classes) {
    List<long[]> layers = new ArrayList<>();
    switch (arch) {
      case "cifar-quick" -> {
        layers.add(new long[] {5 * 5 * 3, 32, 0});
        layers.add(new long[] {5 * 5 * 32, 32, 0});
        layers.add(new long[] {5 * 5 * 32, 64, 0});
        layers.add(new long[] {576, 64, 1});
        layers.add(new long[] {64, classes, 1});
      }
      case "vgg16" -> {
        int[] widths = {64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512};
        int in = 3;
        for (int width : widths) {
          layers.add(new long[] {9L * in, width, 0});
          in = width;
        }
        layers.add(new long[] {512, 512, 1});
        layers.add(new long[] {512, classes, 1});
      }
      case "wrn-10-1" -> {
        // stem, then per group one block: conv1, conv2, shortcut where the width changes (16->16
        // keeps none).
        layers.add(new long[] {27, 16, 0});
        layers.add(new long[] {9 * 16, 16, 0});
        layers.add(new long[] {9 * 16, 16, 0});
        layers.add(new long[] {9 * 16, 32, 0});
        layers.add(new long[] {9 * 32, 32, 0});
        layers.add(new long[] {16, 32, 0});
        layers.add(new long[] {9 * 32, 64, 0});
        layers.add(new long[] {9 * 64, 64, 0});
        layers.add(new long[] {32, 64, 0});
        layers.add(new long[] {64, classes, 1});
      }
      default -> throw new IllegalArgumentException(arch);
    }
    return layers;
  }

  /** Batch-norm scalars (gamma, beta, moving mean, moving variance per channel). */
  static long batchNormParameters(String arch) {
    long channels =
        switch (arch) {
          case "cifar-quick" -> 32 + 32 + 64;
          case "vgg16" -> 64 + 64 + 128 + 128 + 256 * 3 + 512 * 6;
          // per block bn1 (in) and bn2 (out), plus the final bn: 16+16, 16+32, 32+64, 64
          case "wrn-10-1" -> 16 + 16 + 16 + 32 + 32 + 64 + 64;
          default -> throw new IllegalArgumentException(arch);
        };
    return 4 * channels;
  }
}
