/**
 * Class-balanced, seeded selections of a labelled set: a fraction of each class ({@link
 * io.kflo4j.datasets.subset.BalancedSubset}) and a validation hold-out ({@link
 * io.kflo4j.datasets.subset.HoldoutSplit}). Both depend only on the labels, the fraction and the
 * seed, so they are identical across runs, JVMs and machines.
 */
package io.kflo4j.datasets.subset;
