package io.kflo4j.datasets.cifar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Md5Test {
  @Test
  void knownValues(@TempDir Path dir) throws IOException {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    assertEquals("900150983cd24fb0d6963f7d28e17f72", Md5.of(abc));
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", Md5.of(new byte[0]));
    assertEquals("900150983cd24fb0d6963f7d28e17f72", Md5.of(Files.write(dir.resolve("abc"), abc)));
  }
}
