/**
 * The few types the layers and the parameterizations both use, below both: the path through a
 * network ({@link io.kflo4j.graph.core.Mode}) and a batch norm as a parameterization owns it
 * ({@link io.kflo4j.graph.core.OwnedBatchNorm}).
 */
package io.kflo4j.graph.core;
