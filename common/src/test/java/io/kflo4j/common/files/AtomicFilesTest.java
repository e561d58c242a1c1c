package io.kflo4j.common.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  private Path ckpt() {
    return dir.resolve("ckpt");
  }

  private Path tmp() {
    return dir.resolve("ckpt.tmp");
  }

  private Path old() {
    return dir.resolve("ckpt.old");
  }

  @Test
  void writeReplacesContentAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("a.json");
    AtomicFiles.writeString(file, "first");
    AtomicFiles.writeString(file, "second ü");
    assertEquals("second ü", Files.readString(file));
    assertEquals(List.of(file), list(dir));
  }

  @Test
  void replaceDirectorySwapsInTheNewContent() throws IOException {
    AtomicFiles.replaceDirectory(ckpt(), d -> Files.writeString(d.resolve("weights"), "epoch 1"));
    AtomicFiles.replaceDirectory(ckpt(), d -> Files.writeString(d.resolve("weights"), "epoch 2"));
    assertEquals("epoch 2", Files.readString(ckpt().resolve("weights")));
    assertTrue(AtomicFiles.isComplete(ckpt()));
    assertEquals(List.of(ckpt()), list(dir), "no ckpt.tmp or ckpt.old left");
  }

  @Test
  void failedWriteKeepsTheLastGoodDirectory() throws IOException {
    AtomicFiles.replaceDirectory(ckpt(), d -> Files.writeString(d.resolve("weights"), "epoch 1"));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.replaceDirectory(
                    ckpt(),
                    d -> {
                      Files.writeString(d.resolve("weights"), "half");
                      throw new IOException("disk full");
                    }));
    assertEquals(ckpt() + ": disk full", e.getMessage());
    assertEquals("epoch 1", Files.readString(ckpt().resolve("weights")));
    assertEquals(List.of(ckpt()), list(dir));
  }

  /**
   * A full disk says "No space left on device" without a path ({@code /dev/full} is such a disk):
   * the error names the directory being written, and the last good one stays.
   */
  @Test
  void aFullDiskIsNamedWithThePathBeingWritten() throws IOException {
    Path target = dir.resolve("checkpoint");
    AtomicFiles.replaceDirectory(target, d -> Files.writeString(d.resolve("a"), "good"));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.replaceDirectory(
                    target, d -> Files.write(Path.of("/dev/full"), new byte[] {1})));
    assertEquals(target + ": No space left on device", e.getMessage());
    assertEquals("good", Files.readString(target.resolve("a")));
    IOException named = AtomicFiles.withPath(target, new IOException("No space left on device"));
    assertEquals(target + ": No space left on device", named.getMessage());
    IOException already = new java.nio.file.NoSuchFileException("/x");
    assertEquals(already, AtomicFiles.withPath(target, already));
  }

  @Test
  void crashWhileWritingTmp_keepsTarget() throws IOException {
    good(ckpt(), "epoch 4");
    partial(tmp(), "epoch 5 (half)");
    assertEquals(Optional.of(ckpt()), AtomicFiles.recoverDirectory(ckpt()));
    assertEquals("epoch 4", weights(ckpt()));
    assertEquals(List.of(ckpt()), list(dir));
  }

  @Test
  void crashBeforeDeletingOld_keepsTarget() throws IOException {
    good(old(), "epoch 4");
    good(ckpt(), "epoch 5");
    assertEquals(Optional.of(ckpt()), AtomicFiles.recoverDirectory(ckpt()));
    assertEquals("epoch 5", weights(ckpt()));
    assertEquals(List.of(ckpt()), list(dir));
  }

  @Test
  void crashBetweenTheTwoRenames_promotesTheCompleteTmp() throws IOException {
    good(old(), "epoch 4");
    good(tmp(), "epoch 5");
    assertEquals(Optional.of(ckpt()), AtomicFiles.recoverDirectory(ckpt()));
    assertEquals("epoch 5", weights(ckpt()));
    assertEquals(List.of(ckpt()), list(dir));
  }

  @Test
  void onlyOldAndAnIncompleteTmp_restoresOld() throws IOException {
    good(old(), "epoch 4");
    partial(tmp(), "epoch 5 (half)");
    assertEquals(Optional.of(ckpt()), AtomicFiles.recoverDirectory(ckpt()));
    assertEquals("epoch 4", weights(ckpt()));
    assertEquals(List.of(ckpt()), list(dir));
  }

  @Test
  void firstWriteCrashed_nothingToResume() throws IOException {
    partial(tmp(), "epoch 1 (half)");
    assertEquals(Optional.empty(), AtomicFiles.recoverDirectory(ckpt()));
    assertEquals(List.of(), list(dir));
    assertEquals(Optional.empty(), AtomicFiles.recoverDirectory(ckpt()), "nothing at all");
  }

  @Test
  void replaceAfterACrashStartsFromTheRecoveredState() throws IOException {
    good(old(), "epoch 4");
    partial(tmp(), "epoch 5 (half)");
    AtomicFiles.replaceDirectory(ckpt(), d -> Files.writeString(d.resolve("weights"), "epoch 5"));
    assertEquals("epoch 5", weights(ckpt()));
    assertEquals(List.of(ckpt()), list(dir));
  }

  @Test
  void deleteRecursivelyRemovesATree() throws IOException {
    Path tree = dir.resolve("t");
    Files.createDirectories(tree.resolve("a/b"));
    Files.writeString(tree.resolve("a/b/c"), "x");
    AtomicFiles.deleteRecursively(tree);
    assertFalse(Files.exists(tree));
    AtomicFiles.deleteRecursively(tree); // absent: no error
  }

  @Test
  void swapInDirectoryCreatesOrReplacesTheTargetAndLeavesNothingBeside(@TempDir Path dir)
      throws IOException {
    Path target = dir.resolve("model");
    Path first = dir.resolve(".model.export-1");
    partial(first, "v1");
    AtomicFiles.swapInDirectory(first, target, dir.resolve(".model.old-1"));
    assertEquals("v1", weights(target));
    assertEquals(List.of(target), list(dir));

    Path second = dir.resolve(".model.export-2");
    partial(second, "v2");
    Files.writeString(second.resolve("extra"), "e");
    AtomicFiles.swapInDirectory(second, target, dir.resolve(".model.old-2"));
    assertEquals("v2", weights(target));
    assertEquals(List.of(target.resolve("extra"), target.resolve("weights")), list(target));
    assertEquals(List.of(target), list(dir));
  }

  @Test
  void swapInDirectoryPutsTheOldTargetBackWhenTheRenameFails(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("model");
    partial(target, "old");
    // Inside the target, so it is gone once the target has been moved aside: the rename fails.
    Path inside = target.resolve("next");
    partial(inside, "new");
    assertThrows(
        IOException.class,
        () -> AtomicFiles.swapInDirectory(inside, target, dir.resolve(".model.old-1")));
    assertEquals("old", weights(target));
    assertEquals(List.of(target), list(dir));
  }

  /** A complete directory as {@link AtomicFiles#replaceDirectory} leaves it. */
  private static void good(Path d, String content) throws IOException {
    partial(d, content);
    Files.createFile(d.resolve(AtomicFiles.COMPLETE_MARKER));
  }

  /** A directory whose writing was interrupted: no marker. */
  private static void partial(Path d, String content) throws IOException {
    Files.createDirectories(d);
    Files.writeString(d.resolve("weights"), content);
  }

  private static String weights(Path d) throws IOException {
    return Files.readString(d.resolve("weights"));
  }

  private static List<Path> list(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.sorted().toList();
    }
  }
}
