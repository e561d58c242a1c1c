package io.kflo4j.common.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoriesTest {
  @TempDir Path tmp;

  @Test
  void aWritableDirectoryOrOneThatCanBeCreatedPasses() {
    OutputDirectories.checkWritable(tmp, "write here");
    OutputDirectories.checkWritable(tmp.resolve("a/b/c"), "create a/b/c");
  }

  @Test
  void aFileInTheWayIsNamed() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                OutputDirectories.checkWritable(
                    file.resolve("run"), "create run directory " + file.resolve("run")));
    assertEquals(
        "cannot create run directory "
            + file.resolve("run")
            + ": "
            + file
            + " is a file, not a directory",
        e.getMessage());
  }

  @Test
  void ioErrorsGetTheirReason() {
    assertEquals(
        "/ro/x: permission denied", OutputDirectories.describe(new AccessDeniedException("/ro/x")));
    assertEquals(
        "/a/b: no such file or directory",
        OutputDirectories.describe(new NoSuchFileException("/a/b")));
    assertEquals(
        "/a: Read-only file system",
        OutputDirectories.describe(new FileSystemException("/a", null, "Read-only file system")));
    assertEquals("disk full", OutputDirectories.describe(new IOException("disk full")));
    assertEquals(
        "/ro/x: permission denied",
        OutputDirectories.describe(
            new java.io.UncheckedIOException(new AccessDeniedException("/ro/x"))));
    assertEquals(
        "cannot read run r: /ro/x",
        OutputDirectories.describe(
            new java.io.UncheckedIOException(
                "cannot read run r: /ro/x", new AccessDeniedException("/ro/x"))));
  }
}
