package io.kflo4j.training.loop;

import io.kflo4j.datasets.core.ImageSet;
import java.util.List;

/**
 * The images a run trains and evaluates on, after subsetting.
 *
 * @param train the training images (a balanced fraction, less any validation hold-out)
 * @param evaluation the images reported as "test": the test set, or the validation hold-out
 * @param evaluationName "test" or "validation", for messages
 */
public record TrainingData(ImageSet train, ImageSet evaluation, String evaluationName) {

  /** The class names of the data set. */
  public List<String> classNames() {
    return train.classNames();
  }

  /** Classes of the data set. */
  public int numClasses() {
    return train.numClasses();
  }
}
