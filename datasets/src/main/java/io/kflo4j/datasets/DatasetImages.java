package io.kflo4j.datasets;

import io.kflo4j.datasets.core.ImageSet;
import java.util.Optional;

/**
 * The images of a data set, loaded.
 *
 * @param training the images to train on: a CIFAR training set, or every readable image of a folder
 * @param test the CIFAR test set; empty for a folder, which has none
 */
public record DatasetImages(ImageSet training, Optional<ImageSet> test) {

  /** The images an evaluation of a model uses: the test set, or for a folder every image in it. */
  public ImageSet evaluationImages() {
    return test.orElse(training);
  }
}
