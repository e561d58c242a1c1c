package io.kflo4j.common.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Crash-safe writes: a reader (or a resumed run) sees either the previous content or the new one,
 * never a half-written file or directory.
 *
 * <h2>Files</h2>
 *
 * {@link #write(Path, byte[])} writes a temporary file {@code .NAME.RANDOM.tmp} in the target's
 * directory, forces it to disk, renames it over the target with {@code ATOMIC_MOVE} and forces the
 * directory. A crash may leave such a hidden temporary file behind; it is never read and may be
 * deleted.
 *
 * <h2>Directories (checkpoints)</h2>
 *
 * {@link #replaceDirectory(Path, DirectoryWriter)} replaces a directory {@code D} in these steps:
 *
 * <ol>
 *   <li>{@link #recoverDirectory recover} {@code D} (clears what an earlier crash left);
 *   <li>write the new content into {@code D.tmp}, force every file, then create the marker file
 *       {@link #COMPLETE_MARKER} in it and force it: {@code D.tmp} is now <em>complete</em>;
 *   <li>if {@code D} exists, rename {@code D} to {@code D.old};
 *   <li>rename {@code D.tmp} to {@code D};
 *   <li>delete {@code D.old}.
 * </ol>
 *
 * <p><b>Recovery rule</b> ({@link #recoverDirectory}), for whatever a crash left among {@code D},
 * {@code D.tmp} and {@code D.old}:
 *
 * <ol>
 *   <li>{@code D} exists: it is the last complete one ({@code D} only ever appears by renaming a
 *       complete {@code D.tmp}); delete {@code D.tmp} and {@code D.old}.
 *   <li>no {@code D}, and {@code D.tmp} holds the marker: the crash came between steps 3 and 4;
 *       {@code D.tmp} is the newest complete one: rename it to {@code D}, delete {@code D.old}.
 *   <li>no {@code D}, {@code D.tmp} absent or without marker, {@code D.old} exists: {@code D.old}
 *       is the last complete one (with the steps above this only happens if the disk lost unsynced
 *       data; handled conservatively): rename {@code D.old} back to {@code D}, delete {@code
 *       D.tmp}.
 *   <li>otherwise there is no complete directory: delete {@code D.tmp}; there is nothing to resume
 *       from.
 * </ol>
 *
 * So a crash at any point leaves the last complete directory recoverable. One writer per directory
 * at a time.
 */
public final class AtomicFiles {

  /**
   * Marker file created last in a fully written temporary directory; it stays in the final
   * directory.
   */
  public static final String COMPLETE_MARKER = ".complete";

  /** Suffix of the directory being written. */
  public static final String TMP_SUFFIX = ".tmp";

  /** Suffix of the previous directory while it is being replaced. */
  public static final String OLD_SUFFIX = ".old";

  private AtomicFiles() {}

  /** Writes the content of a new directory. */
  @FunctionalInterface
  public interface DirectoryWriter {
    /**
     * Writes files into {@code directory}, which exists and is empty.
     *
     * @param directory the directory to fill
     * @throws IOException if writing fails; the replacement is then abandoned and the old directory
     *     kept
     */
    void writeTo(Path directory) throws IOException;
  }

  /**
   * Atomically replaces (or creates) {@code target} with {@code bytes}.
   *
   * @param target the file; its parent directory must exist
   * @param bytes the new content
   * @throws IOException if writing or renaming fails; {@code target} is then unchanged
   */
  public static void write(Path target, byte[] bytes) throws IOException {
    Path dir = parentOf(target);
    // A random name opened with CREATE_NEW rather than Files.createTempFile, whose owner-only
    // permissions the
    // rename would carry over to the target: this way the file gets the usual (umask) permissions.
    Path tmp =
        dir.resolve(
            "."
                + target.getFileName()
                + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + TMP_SUFFIX);
    FileChannel channel =
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      try (channel) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      cleanUp(tmp, e);
      throw withPath(target, e);
    } catch (RuntimeException e) {
      cleanUp(tmp, e);
      throw e;
    }
    DiskSync.forceDirectory(dir);
  }

  /**
   * {@code e} naming {@code path} when it names no file itself: a full disk's {@code No space left
   * on device} comes without the path it could not write.
   *
   * @return {@code e} if it names a file, else a {@link FileSystemException} for {@code path} with
   *     {@code e}'s message as its reason and {@code e} as its cause
   */
  public static IOException withPath(Path path, IOException e) {
    if (e instanceof FileSystemException fs && fs.getFile() != null) {
      return e;
    }
    FileSystemException named =
        new FileSystemException(
            path.toString(), null, e.getMessage() == null ? "input/output error" : e.getMessage());
    named.initCause(e);
    return named;
  }

  /**
   * Atomically replaces (or creates) {@code target} with {@code text} in UTF-8.
   *
   * @param target the file; its parent directory must exist
   * @param text the new content
   * @throws IOException if writing or renaming fails; {@code target} is then unchanged
   */
  public static void writeString(Path target, String text) throws IOException {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Replaces the directory {@code target} with new content, never destroying the last complete one
   * (see the class comment for the steps).
   *
   * @param target the directory to replace or create; its parent must exist
   * @param writer fills the new directory
   * @return {@code target}
   * @throws IOException if writing fails; the last complete directory is then still in place
   */
  public static Path replaceDirectory(Path target, DirectoryWriter writer) throws IOException {
    Path tmp = tmpSibling(target);
    Path old = oldSibling(target);
    recoverDirectory(target);
    deleteRecursively(tmp);
    Files.createDirectory(tmp);
    try {
      try {
        writer.writeTo(tmp);
      } catch (IOException e) {
        throw withPath(target, e);
      }
      DiskSync.forceTree(tmp);
      Path marker = tmp.resolve(COMPLETE_MARKER);
      Files.deleteIfExists(marker);
      try (FileChannel channel =
          FileChannel.open(marker, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      DiskSync.forceDirectory(tmp);
    } catch (IOException | RuntimeException e) {
      cleanUp(tmp, e);
      throw e;
    }
    Path parent = parentOf(target);
    if (Files.exists(target)) {
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      DiskSync.forceDirectory(parent);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    DiskSync.forceDirectory(parent);
    deleteRecursively(old);
    return target;
  }

  /**
   * Moves a finished directory into place as {@code target}: forces every file of {@code finished}
   * to disk, moves an existing {@code target} aside to {@code aside}, renames {@code finished} to
   * {@code target}, forces the parent directory and deletes {@code aside}. If the rename fails, the
   * old {@code target} is put back. For directories whose leftovers are cleaned up by their owner
   * (exports name theirs after the writing process); checkpoints use {@link #replaceDirectory}.
   *
   * @param finished the complete new directory, a sibling of {@code target}
   * @param target the directory to create or replace
   * @param aside a free sibling name for the replaced directory while the swap runs
   * @throws IOException if forcing or renaming fails; {@code target} is then unchanged
   */
  public static void swapInDirectory(Path finished, Path target, Path aside) throws IOException {
    DiskSync.forceTree(finished);
    Path parent = parentOf(target);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
      DiskSync.forceDirectory(parent);
      return;
    }
    Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
    try {
      Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.move(aside, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | RuntimeException restore) {
        e.addSuppressed(restore);
      }
      throw e;
    }
    DiskSync.forceDirectory(parent);
    deleteRecursively(aside);
  }

  /**
   * Restores the last complete version of the directory {@code target} after a crash, following the
   * recovery rule of the class comment, and removes the leftovers.
   *
   * @param target the directory written by {@link #replaceDirectory}
   * @return {@code target} if a complete directory is now in place, empty if there is none
   * @throws IOException if renaming or deleting fails
   */
  public static Optional<Path> recoverDirectory(Path target) throws IOException {
    Path tmp = tmpSibling(target);
    Path old = oldSibling(target);
    Path parent = parentOf(target);
    if (Files.isDirectory(target)) {
      deleteRecursively(tmp);
      deleteRecursively(old);
      return Optional.of(target);
    }
    if (Files.exists(target)) {
      throw new IOException("expected a directory at " + target + " but found a file");
    }
    if (isComplete(tmp)) {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      DiskSync.forceDirectory(parent);
      deleteRecursively(old);
      return Optional.of(target);
    }
    deleteRecursively(tmp);
    if (Files.isDirectory(old)) {
      Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
      DiskSync.forceDirectory(parent);
      return Optional.of(target);
    }
    return Optional.empty();
  }

  /**
   * Whether {@code directory} is a complete directory written by {@link #replaceDirectory} (holds
   * the marker).
   *
   * @param directory the directory
   * @return true if it exists and holds {@link #COMPLETE_MARKER}
   */
  public static boolean isComplete(Path directory) {
    return Files.isDirectory(directory) && Files.isRegularFile(directory.resolve(COMPLETE_MARKER));
  }

  /**
   * The temporary sibling used while writing {@code target}: {@code NAME.tmp}.
   *
   * @param target the directory
   * @return its temporary sibling
   */
  public static Path tmpSibling(Path target) {
    return target.resolveSibling(target.getFileName() + TMP_SUFFIX);
  }

  /**
   * The sibling holding the previous content while {@code target} is swapped: {@code NAME.old}.
   *
   * @param target the directory
   * @return its old sibling
   */
  public static Path oldSibling(Path target) {
    return target.resolveSibling(target.getFileName() + OLD_SUFFIX);
  }

  /**
   * Deletes a file or a directory tree; does nothing if it does not exist.
   *
   * @param path the file or directory
   * @throws IOException if a deletion fails
   */
  public static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(path)) {
      all = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
    }
    for (Path p : all) {
      try {
        Files.deleteIfExists(p);
      } catch (DirectoryNotEmptyException e) {
        throw new IOException("could not delete " + p + ": something is writing into it", e);
      }
    }
  }

  /** Deletes what a failed write left, keeping the write's exception as the one thrown. */
  private static void cleanUp(Path leftover, Exception cause) {
    try {
      deleteRecursively(leftover);
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private static Path parentOf(Path target) {
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IllegalArgumentException("target has no parent directory: " + target);
    }
    return parent;
  }
}
