/**
 * Image files as model input: {@link io.kflo4j.datasets.image.ImageDecoder} reads a PNG, JPEG, BMP
 * or GIF file into a 32x32 RGB {@link io.kflo4j.datasets.image.DecodedImage}, refusing
 * decompression bombs before decoding them.
 */
package io.kflo4j.datasets.image;
