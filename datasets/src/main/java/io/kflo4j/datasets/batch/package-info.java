/**
 * Training and evaluation batches: {@link io.kflo4j.datasets.batch.Augmentation} (zero-pad, random
 * crop, horizontal flip), {@link io.kflo4j.datasets.batch.Normalization} (per channel), and {@link
 * io.kflo4j.datasets.batch.BatchStream}, which turns an {@link io.kflo4j.datasets.core.ImageSet}
 * into NHWC {@code float[]} batches per epoch, prefetched on a background thread. Every random draw
 * derives from (seed, epoch, position in the epoch), so batches are reproducible whatever the
 * thread timing, and an epoch's batches do not depend on the epochs before it.
 */
package io.kflo4j.datasets.batch;
