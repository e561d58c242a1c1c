package io.kflo4j.datasets.source;

import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.cifar.Md5;
import io.kflo4j.datasets.core.DatasetException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The official archive, downloaded, checked against its md5, then extracted like an {@link
 * ArchiveSource}.
 */
public final class DownloadSource implements DataSource {
  /**
   * How long the download waits for a connection; short, so that an offline machine falls through
   * quickly.
   */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final URI url;
  private final String md5;
  private final HttpDownloader downloader;

  /** The archive at {@code url}, expected to have md5 {@code md5}. */
  public DownloadSource(URI url, String md5, HttpDownloader downloader) {
    this.url = url;
    this.md5 = md5;
    this.downloader = downloader;
  }

  /** The official archive of {@code layout} from the official site. */
  public static DownloadSource official(CifarLayout layout) {
    return new DownloadSource(
        layout.archiveUrl(), layout.archiveMd5(), new HttpDownloader(CONNECT_TIMEOUT));
  }

  @Override
  public String describe() {
    return "download " + url;
  }

  @Override
  public void provide(CifarLayout layout, Path stagingDir) throws IOException {
    Path archive = stagingDir.resolve("download.tar.gz");
    downloader.download(url, archive);
    String actual = Md5.of(archive);
    if (!actual.equals(md5)) {
      throw new DatasetException(
          url + ": md5 " + actual + " does not match the official md5 " + md5);
    }
    new ArchiveSource(archive).provide(layout, stagingDir);
    Files.delete(archive);
  }
}
