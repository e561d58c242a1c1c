package io.kflo4j.datasets.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.kflo4j.datasets.cifar.CifarLayout;
import io.kflo4j.datasets.cifar.Md5;
import io.kflo4j.datasets.core.CifarVariant;
import io.kflo4j.datasets.core.DatasetException;
import io.kflo4j.datasets.testing.SyntheticCifar;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadSourceTest {
  @TempDir Path root;

  private final CifarLayout layout = SyntheticCifar.layout(CifarVariant.CIFAR10, 2);
  private final HttpDownloader downloader = new HttpDownloader(Duration.ofSeconds(2));
  private HttpServer server;
  private byte[] archive;

  @BeforeEach
  void serveASyntheticArchive() throws IOException {
    archive =
        Files.readAllBytes(
            SyntheticCifar.archive(
                root.resolve("served.tar.gz"), SyntheticCifar.members(CifarVariant.CIFAR10, 2)));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/cifar-10-binary.tar.gz",
        exchange -> {
          exchange.sendResponseHeaders(200, archive.length);
          try (OutputStream body = exchange.getResponseBody()) {
            body.write(archive);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void downloadsVerifiesAndInstalls() throws IOException {
    Path dataDir = root.resolve("data");
    DownloadSource source =
        new DownloadSource(url("/cifar-10-binary.tar.gz"), Md5.of(archive), downloader);
    Path installed = DatasetInstaller.install(dataDir, layout, List.of(source));
    assertEquals(8, SyntheticCifar.filesUnder(installed).size());
    assertEquals(List.of("cifar-10-batches-bin"), List.of(dataDir.toFile().list()));
  }

  @Test
  void archiveMd5Mismatch() {
    URI url = url("/cifar-10-binary.tar.gz");
    DownloadSource source = new DownloadSource(url, "0123456789abcdef0123456789abcdef", downloader);
    assertEquals(
        url
            + ": md5 "
            + Md5.of(archive)
            + " does not match the official md5 "
            + "0123456789abcdef0123456789abcdef",
        assertThrows(DatasetException.class, () -> source.provide(layout, root)).getMessage());
  }

  @Test
  void httpError() {
    URI url = url("/absent.tar.gz");
    DownloadSource source = new DownloadSource(url, Md5.of(archive), downloader);
    assertEquals(
        url + ": HTTP status 404",
        assertThrows(DatasetException.class, () -> source.provide(layout, root)).getMessage());
  }

  @Test
  void anUnreachableHostFailsFast() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + closedPort + "/cifar-10-binary.tar.gz");
    long start = System.nanoTime();
    String message =
        assertThrows(
                DatasetException.class,
                () -> new DownloadSource(url, "x", downloader).provide(layout, root))
            .getMessage();
    assertTrue(message.startsWith(url + ": ConnectException"), message);
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "took more than 5 s");
  }
}
