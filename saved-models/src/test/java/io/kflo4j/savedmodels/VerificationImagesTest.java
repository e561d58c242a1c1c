package io.kflo4j.savedmodels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerificationImagesTest {
  @TempDir Path tmp;

  @Test
  void aFolderDataSetIsVerifiedOnSyntheticImagesOfItsClasses() {
    VerificationImages images =
        VerificationImages.choose("folder:" + tmp.resolve("pets"), tmp, 600, 3);
    assertEquals("synthetic (a folder data set has no test set)", images.source());
    assertFalse(images.real());
    assertEquals(600, images.images().size());
    assertEquals(3, images.images().numClasses());
  }
}
