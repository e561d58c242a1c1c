package io.kflo4j.datasets.batch;

import com.google.common.base.Preconditions;
import io.kflo4j.datasets.core.ImageSet;
import java.util.Arrays;

/**
 * Per-channel normalization of pixel bytes: {@code (x / 255 - mean[ch]) / std[ch]}. The default,
 * {@link #standard()}, has mean 0.5 and std 0.5 for every channel, mapping 0..255 to -1..1.
 */
public final class Normalization {
  private static final int VALUES = 256;

  private final float[] mean;
  private final float[] std;

  private Normalization(float[] mean, float[] std) {
    this.mean = mean;
    this.std = std;
  }

  /** Mean 0.5 and std 0.5 per channel: {@code (x / 255 - 0.5) / 0.5}. */
  public static Normalization standard() {
    return of(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f});
  }

  /**
   * The given per-channel statistics, on the 0..1 scale (pixel / 255).
   *
   * @param mean three finite values (R, G, B)
   * @param std three finite positive values (R, G, B)
   * @throws IllegalArgumentException otherwise
   */
  public static Normalization of(float[] mean, float[] std) {
    Preconditions.checkArgument(
        mean.length == ImageSet.CHANNELS && std.length == ImageSet.CHANNELS,
        "mean and std need %s values each, got %s and %s",
        ImageSet.CHANNELS,
        mean.length,
        std.length);
    for (int ch = 0; ch < ImageSet.CHANNELS; ch++) {
      Preconditions.checkArgument(
          Float.isFinite(mean[ch]), "mean of channel %s is not finite: %s", ch, (Float) mean[ch]);
      Preconditions.checkArgument(
          Float.isFinite(std[ch]) && std[ch] > 0,
          "std of channel %s must be finite and > 0, got %s",
          ch,
          (Float) std[ch]);
    }
    return new Normalization(mean.clone(), std.clone());
  }

  /** The per-channel means (R, G, B), on the 0..1 scale. */
  public float[] mean() {
    return mean.clone();
  }

  /** The per-channel standard deviations (R, G, B), on the 0..1 scale. */
  public float[] std() {
    return std.clone();
  }

  /** The normalized value of pixel byte {@code value} (0..255) in channel {@code channel}. */
  public float apply(int channel, int value) {
    Preconditions.checkElementIndex(value, VALUES, "value");
    return (float) ((value / 255.0 - mean[channel]) / std[channel]);
  }

  /** The normalized value of every pixel byte 0..255 in {@code channel}, index = byte value. */
  public float[] lookupTable(int channel) {
    float[] table = new float[VALUES];
    for (int value = 0; value < VALUES; value++) {
      table[value] = apply(channel, value);
    }
    return table;
  }

  /** Equal when both statistics are equal, value by value. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return String.format(
        "normalize (x/255 - (%s, %s, %s)) / (%s, %s, %s)",
        mean[0], mean[1], mean[2], std[0], std[1], std[2]);
  }
}
