package io.kflo4j.training.run;

import io.kflo4j.common.files.AtomicFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One process at a time in a run directory: a process that trains, resumes, transfers or exports
 * holds {@code RUN/.kflo-lock}, a file naming its process id, host and start, locked with the
 * operating system's file lock; a second process is refused with one line naming the first. A lock
 * left by a killed process is stale (the operating system released it with the process): the next
 * process takes it over and logs that it did. Where the file system has no locks, the recorded
 * process id decides on the same host (a dead one is stale); another host's lock is respected.
 *
 * <p>Reentrant within a thread (resume locks before it loads data, the trainer again when it opens
 * the directory); another thread of the same process is refused like another process. On {@link
 * #close} the file is emptied, not deleted (a deleted lock file could be locked by one process
 * while another creates a new one), so a run directory keeps an empty {@value #FILE}; a file that
 * still names a process when the lock is taken was left by a process that did not end normally.
 * Nothing else in the process may open the lock file: closing any channel to it releases the
 * operating system's lock.
 */
public final class RunLock implements AutoCloseable {
  /** The lock file in a run directory. */
  public static final String FILE = ".kflo-lock";

  private static final Logger LOG = LogManager.getLogger(RunLock.class);

  /** Locks held by this process, by lock file. */
  private static final Map<Path, RunLock> HELD = new HashMap<>();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final Owner owner;
  private final Thread thread;
  private int holds = 1;

  private RunLock(Path file, FileChannel channel, FileLock lock, Owner owner) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.owner = owner;
    this.thread = Thread.currentThread();
  }

  /**
   * Locks the run directory {@code directory}, which must exist.
   *
   * @throws RunInUseException naming the process (id, host, start) that holds it
   * @throws IOException if the lock file cannot be written
   */
  public static RunLock acquire(Path directory) throws IOException {
    Path file = directory.toAbsolutePath().normalize().resolve(FILE);
    synchronized (HELD) {
      RunLock held = HELD.get(file);
      if (held != null) {
        if (held.thread != Thread.currentThread()) {
          throw new RunInUseException(directory, held.owner);
        }
        held.holds++;
        return held;
      }
      RunLock lock = lock(directory, file);
      HELD.put(file, lock);
      return lock;
    }
  }

  /**
   * Whether the current thread holds the lock of the run directory {@code directory} (so that a run
   * it starts over may be created in it).
   */
  public static boolean isHeldByCurrentThread(Path directory) {
    Path file = directory.toAbsolutePath().normalize().resolve(FILE);
    synchronized (HELD) {
      RunLock held = HELD.get(file);
      return held != null && held.thread == Thread.currentThread();
    }
  }

  /**
   * Deletes everything in the locked directory but the lock file (a run that starts over).
   *
   * @throws IOException if a deletion fails
   */
  public void clearDirectory() throws IOException {
    List<Path> entries;
    try (Stream<Path> list = Files.list(file.getParent())) {
      entries = list.filter(entry -> !entry.equals(file)).toList();
    }
    for (Path entry : entries) {
      AtomicFiles.deleteRecursively(entry);
    }
  }

  /** Releases the lock (the last hold of this thread empties the file). */
  @Override
  public void close() {
    synchronized (HELD) {
      if (--holds > 0) {
        return;
      }
      HELD.remove(file);
      try {
        channel.truncate(0);
        channel.force(true);
        if (lock != null) {
          lock.release();
        }
        channel.close();
      } catch (IOException e) {
        LOG.warn("could not release the lock {}: {}", file, e.getMessage());
      }
    }
  }

  /** Opens (or creates) the file, locks it and writes this process into it. */
  private static RunLock lock(Path directory, Path file) throws IOException {
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      Optional<Owner> previous = Owner.parse(read(channel));
      FileLock lock = osLock(channel, directory, previous);
      Owner me = Owner.current();
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.line().getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      previous.ifPresent(
          owner ->
              LOG.warn(
                  "took over the lock of {} left by {}, which is gone", directory, owner.text()));
      return new RunLock(file, channel, lock, me);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * The operating system's lock on the file, or null where the file system has none and the
   * recorded owner is gone.
   */
  private static FileLock osLock(FileChannel channel, Path directory, Optional<Owner> previous)
      throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      // No locks on this file system: the recorded owner decides.
      if (previous.isPresent() && previous.get().mayBeAlive()) {
        throw new RunInUseException(directory, previous.get());
      }
      return null;
    }
    if (lock == null) {
      throw new RunInUseException(directory, previous.orElse(Owner.unknown()));
    }
    return lock;
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
    channel.read(buffer, 0);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }

  /**
   * The process that holds a lock.
   *
   * @param pid its process id
   * @param host its host name
   * @param since when it took the lock
   */
  record Owner(long pid, String host, String since) {
    /** This process, now. */
    static Owner current() {
      return new Owner(ProcessHandle.current().pid(), hostName(), Instant.now().toString());
    }

    /** A lock whose file names no owner (written by another tool, or being written). */
    static Owner unknown() {
      return new Owner(-1, "an unknown host", "");
    }

    /** The owner recorded in a lock file's text {@code pid host since}, if any. */
    static Optional<Owner> parse(String text) {
      String[] parts = text.strip().split(" ");
      if (parts.length != 3) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Owner(Long.parseLong(parts[0]), parts[1], parts[2]));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** The lock file's text. */
    String line() {
      return pid + " " + host + " " + since + "\n";
    }

    /** Whether the process may still run: on another host it cannot be told. */
    boolean mayBeAlive() {
      return !host.equals(hostName())
          || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** In words: {@code process 123 on host h (since 2026-...)}. */
    String text() {
      return pid < 0
          ? "a process the lock file does not name"
          : "process " + pid + " on " + host + (since.isEmpty() ? "" : " (since " + since + ")");
    }

    private static String hostName() {
      try {
        return InetAddress.getLocalHost().getHostName().replace(' ', '_');
      } catch (IOException e) {
        return "localhost";
      }
    }
  }
}
