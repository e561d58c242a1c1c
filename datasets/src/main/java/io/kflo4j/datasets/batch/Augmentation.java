package io.kflo4j.datasets.batch;

import com.google.common.base.Preconditions;
import io.kflo4j.datasets.core.ImageSet;

/**
 * Training augmentation: zero-pad each side by {@code pad} pixels, crop a random 32x32 window of
 * the padded image (offsets uniform in {@code 0 .. 2 pad} per axis), then flip horizontally with
 * probability 1/2 if enabled. The padding is pixel value 0, normalized like any other pixel.
 */
public final class Augmentation {
  private static final int MAX_PAD = ImageSet.SIDE;

  private final int pad;
  private final boolean flip;

  private Augmentation(int pad, boolean flip) {
    this.pad = pad;
    this.flip = flip;
  }

  /** Pad 4, random crop, random horizontal flip: the usual CIFAR recipe. */
  public static Augmentation standard() {
    return of(4, true);
  }

  /** No augmentation: images pass unchanged (for evaluation). */
  public static Augmentation none() {
    return of(0, false);
  }

  /**
   * Pad by {@code pad} pixels and crop at random (no crop for 0), flip at random if {@code flip}.
   *
   * @throws IllegalArgumentException if {@code pad} is outside {@code 0 .. 32}
   */
  public static Augmentation of(int pad, boolean flip) {
    Preconditions.checkArgument(
        pad >= 0 && pad <= MAX_PAD, "pad must be in 0..%s, got %s", MAX_PAD, pad);
    return new Augmentation(pad, flip);
  }

  /** Pixels of zero padding on each side; the crop offsets range over {@code 0 .. 2 pad}. */
  public int pad() {
    return pad;
  }

  /** Whether images are flipped horizontally with probability 1/2. */
  public boolean flip() {
    return flip;
  }

  /** Whether this augmentation leaves every image unchanged. */
  public boolean isNone() {
    return pad == 0 && !flip;
  }

  @Override
  public String toString() {
    return isNone()
        ? "no augmentation"
        : (pad > 0 ? "pad " + pad + " + random crop" : "")
            + (pad > 0 && flip ? " + " : "")
            + (flip ? "flip" : "");
  }
}
