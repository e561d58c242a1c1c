package io.kflo4j.datasets.source;

import io.kflo4j.datasets.core.DatasetException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Extracts chosen members of a {@code .tar.gz} archive, safely: an archive with any absolute member
 * or any member whose path contains {@code ..} is refused with an error naming that member; only
 * the chosen members are written, only as regular files, each at most once; a chosen member the
 * archive lacks is an error.
 */
public final class SafeTarExtractor {
  private static final Logger LOG = LogManager.getLogger(SafeTarExtractor.class);

  private SafeTarExtractor() {}

  /**
   * Extracts {@code members} (paths as in the archive, without a leading {@code ./}) of {@code
   * archive} into {@code targetDir}. On an error, files already written stay in {@code targetDir}:
   * extract into a staging directory.
   *
   * @return where each member was written, by member name
   * @throws DatasetException naming the archive and the problem
   */
  public static Map<String, Path> extract(Path archive, Path targetDir, Set<String> members) {
    checkExists(archive);
    Map<String, Path> written = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = open(archive)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        String name = checkedName(archive, entry.getName());
        if (!members.contains(name)) {
          continue;
        }
        if (!isRegularFile(entry)) {
          throw new DatasetException(archive + ": member " + name + " is not a regular file");
        }
        if (written.containsKey(name)) {
          throw new DatasetException(archive + ": member " + name + " appears twice");
        }
        Path target = targetDir.resolve(name);
        Files.createDirectories(target.getParent());
        Files.copy(tar, target);
        written.put(name, target);
        LOG.info("extracted {} ({} bytes)", name, Files.size(target));
      }
    } catch (IOException e) {
      throw new DatasetException(archive + ": cannot extract: " + reason(e), e);
    }
    for (String member : new TreeSet<>(members)) {
      if (!written.containsKey(member)) {
        throw new DatasetException(archive + ": member " + member + " is missing");
      }
    }
    return written;
  }

  /** The name of the first member of {@code archive}, or empty for an empty archive. */
  public static Optional<String> firstMember(Path archive) {
    checkExists(archive);
    try (TarArchiveInputStream tar = open(archive)) {
      TarArchiveEntry entry = tar.getNextEntry();
      return entry == null ? Optional.empty() : Optional.of(checkedName(archive, entry.getName()));
    } catch (IOException e) {
      throw new DatasetException(archive + ": cannot read: " + reason(e), e);
    }
  }

  /**
   * Why an archive could not be read, in words: a truncated download ends in an {@link
   * EOFException} that carries no message.
   */
  private static String reason(IOException e) {
    if (e instanceof EOFException || e.getMessage() == null) {
      return "the archive ends early (truncated, e.g. an interrupted download, or damaged):"
          + " download it again";
    }
    return e.getMessage();
  }

  private static boolean isRegularFile(TarArchiveEntry entry) {
    byte flag = entry.getLinkFlag();
    return flag == TarConstants.LF_NORMAL
        || flag == TarConstants.LF_OLDNORM
        || flag == TarConstants.LF_CONTIG;
  }

  private static void checkExists(Path archive) {
    if (!Files.isRegularFile(archive)) {
      throw new DatasetException(archive + ": file is missing");
    }
  }

  private static TarArchiveInputStream open(Path archive) throws IOException {
    return new TarArchiveInputStream(
        new GzipCompressorInputStream(
            new BufferedInputStream(Files.newInputStream(archive), 1 << 16), true));
  }

  /** The member name without leading {@code ./}, after refusing absolute and {@code ..} paths. */
  private static String checkedName(Path archive, String rawName) {
    if (rawName.startsWith("/") || rawName.startsWith("\\") || rawName.matches("^[A-Za-z]:.*")) {
      throw new DatasetException(archive + ": member " + rawName + " refused: absolute path");
    }
    for (String segment : rawName.split("[/\\\\]")) {
      if (segment.equals("..")) {
        throw new DatasetException(
            archive + ": member " + rawName + " refused: path leads outside the target directory");
      }
    }
    String name = rawName;
    while (name.startsWith("./")) {
      name = name.substring(2);
    }
    return name;
  }
}
