package io.kflo4j.graph.arch;

import io.kflo4j.graph.layers.Layer;

/**
 * An architecture's layers, split where transfer needs it: {@code features} maps images to the
 * penultimate features, {@code classifier} maps those to logits.
 *
 * @param features everything up to the penultimate features
 * @param classifier the last kernel layer
 * @param featureCount width of the penultimate features
 */
public record Network(Layer features, Layer classifier, int featureCount) {}
