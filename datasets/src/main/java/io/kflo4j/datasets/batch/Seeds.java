package io.kflo4j.datasets.batch;

/**
 * Derives independent seeds from a seed and a key, identically on every machine (SplitMix64
 * mixing).
 */
final class Seeds {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** A seed for the stream named {@code key} under {@code seed}. */
  static long derive(long seed, long key) {
    return mix(mix(seed) + GOLDEN_GAMMA * (key + 1));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
