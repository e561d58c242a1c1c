package io.kflo4j.datasets.source;

import io.kflo4j.datasets.cifar.CifarLayout;
import java.nio.file.Path;

/**
 * An archive in the official layout ({@code cifar-10-binary.tar.gz}, {@code
 * cifar-100-binary.tar.gz}) on disk.
 */
public final class ArchiveSource implements DataSource {
  private final Path archive;

  /** The archive at {@code archive}. */
  public ArchiveSource(Path archive) {
    this.archive = archive;
  }

  @Override
  public String describe() {
    return "archive " + archive;
  }

  @Override
  public void provide(CifarLayout layout, Path stagingDir) {
    SafeTarExtractor.extract(archive, stagingDir, layout.archiveMembers());
  }
}
