package io.kflo4j.datasets.source;

import io.kflo4j.datasets.cifar.CifarLayout;
import java.io.IOException;
import java.nio.file.Path;

/** One way of obtaining a data set's official files. */
public interface DataSource {
  /**
   * What this source is, for log lines and error messages, e.g. {@code archive
   * /path/cifar-10-binary.tar.gz}.
   */
  String describe();

  /**
   * Puts the official files of {@code layout} into {@code layout.directoryIn(stagingDir)}; may use
   * other scratch files inside {@code stagingDir}. The caller verifies the result.
   *
   * @throws io.kflo4j.datasets.core.DatasetException or IOException if this source cannot provide
   *     the files
   */
  void provide(CifarLayout layout, Path stagingDir) throws IOException;
}
