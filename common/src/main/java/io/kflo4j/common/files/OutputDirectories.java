package io.kflo4j.common.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Where outputs go: checked before any work (so that a read-only {@code --out} fails in a second,
 * not after an evaluation or a data load), and I/O errors worded as one line with their reason (the
 * JDK's messages for a denied permission or a missing file are the bare path).
 */
public final class OutputDirectories {
  private OutputDirectories() {}

  /**
   * Checks that this process can write into {@code directory}: it is a writable directory, or it
   * does not exist yet and its nearest existing ancestor is a writable directory (it can be
   * created).
   *
   * @param purpose what the caller is about to do, for the message, e.g. {@code "create run
   *     directory runs/a"}
   * @throws IllegalArgumentException {@code cannot <purpose>: <path> is not writable (permission
   *     denied)}, or {@code ... <path> is a file, not a directory}
   */
  public static void checkWritable(Path directory, String purpose) {
    Path existing = directory.toAbsolutePath().normalize();
    while (!Files.exists(existing) && existing.getParent() != null) {
      existing = existing.getParent();
    }
    if (!Files.isDirectory(existing)) {
      throw new IllegalArgumentException(
          "cannot " + purpose + ": " + existing + " is a file, not a directory");
    }
    if (!Files.isWritable(existing)) {
      throw new IllegalArgumentException(
          "cannot " + purpose + ": " + existing + " is not writable (permission " + "denied)");
    }
  }

  /**
   * One line for an I/O error: the path and the reason ({@code /ro/x: permission denied}, {@code
   * /a/b: no such file or directory}, {@code /a: Read-only file system}), or the error's own
   * message when it has no path.
   */
  public static String describe(IOException e) {
    if (!(e instanceof FileSystemException fs) || fs.getReason() != null || fs.getFile() == null) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    String path = fs.getFile() + (fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile());
    if (e instanceof AccessDeniedException) {
      return path + ": permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return path + ": no such file or directory";
    }
    if (e instanceof FileAlreadyExistsException) {
      return path + ": already exists";
    }
    if (e instanceof NotDirectoryException) {
      return path + ": not a directory";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return path + ": directory not empty";
    }
    return path + ": " + e.getClass().getSimpleName();
  }

  /**
   * An unchecked I/O error's own message, or {@link #describe(IOException)} of its cause when it
   * has none.
   */
  public static String describe(UncheckedIOException e) {
    IOException cause = e.getCause();
    return e.getMessage() == null || e.getMessage().equals(cause.toString())
        ? describe(cause)
        : e.getMessage();
  }
}
