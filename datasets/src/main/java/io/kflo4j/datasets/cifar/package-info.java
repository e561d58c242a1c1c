/**
 * The official CIFAR binary formats: which files a data set has ({@link
 * io.kflo4j.datasets.cifar.CifarLayout}), reading them with validation ({@link
 * io.kflo4j.datasets.cifar.CifarFileReader}, {@link io.kflo4j.datasets.cifar.CifarSplitReader},
 * {@link io.kflo4j.datasets.cifar.ClassNames}) and checking them against the official md5s ({@link
 * io.kflo4j.datasets.cifar.CifarVerifier}, recorded in a {@link
 * io.kflo4j.datasets.cifar.VerifiedMarker}). Implementation detail of the facade in {@code
 * io.kflo4j.datasets}.
 */
package io.kflo4j.datasets.cifar;
