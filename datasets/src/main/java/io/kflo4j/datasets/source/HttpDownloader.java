package io.kflo4j.datasets.source;

import io.kflo4j.datasets.core.DatasetException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Downloads one URL to a file with {@code java.net.http}, failing fast when the host cannot be
 * reached.
 */
public final class HttpDownloader {
  private static final Logger LOG = LogManager.getLogger(HttpDownloader.class);
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
  private static final long LOG_EVERY_BYTES = 16L << 20;
  private static final int MAX_CAUSES = 4;

  private final Duration connectTimeout;

  /** A downloader that gives up connecting after {@code connectTimeout}. */
  public HttpDownloader(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * Downloads {@code uri} to {@code target}, logging progress.
   *
   * @throws DatasetException naming the URL: unreachable, timed out, a status other than 200,
   *     interrupted
   */
  public void download(URI uri, Path target) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new DatasetException(uri + ": HTTP status " + response.statusCode());
        }
        long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        copy(uri, body, target, length);
      }
    } catch (IOException e) {
      throw new DatasetException(uri + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DatasetException(uri + ": download interrupted", e);
    }
  }

  /**
   * The exception and its causes, e.g. {@code ConnectException, caused by
   * UnresolvedAddressException}.
   */
  private static String describe(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < MAX_CAUSES; t = t.getCause()) {
      String name = t.getClass().getSimpleName();
      String part = t.getMessage() == null ? name : name + ": " + t.getMessage();
      if (parts.isEmpty() || !parts.get(parts.size() - 1).equals(part)) {
        parts.add(part);
      }
    }
    return String.join(", caused by ", parts);
  }

  private static void copy(URI uri, InputStream body, Path target, long length) throws IOException {
    long start = System.nanoTime();
    long copied = 0;
    long nextLog = LOG_EVERY_BYTES;
    byte[] buffer = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(target)) {
      for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
        out.write(buffer, 0, n);
        copied += n;
        if (copied >= nextLog) {
          nextLog += LOG_EVERY_BYTES;
          LOG.info(
              "{}: {} of {} MB",
              uri,
              copied >> 20,
              length < 0 ? "?" : String.valueOf(length >> 20));
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info("{}: downloaded {} MB in {} s", uri, copied >> 20, String.format("%.1f", seconds));
  }
}
