package io.kflo4j.savedmodels;

import io.kflo4j.common.progress.ProgressReporter;
import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.deploy.DeployedLayout;
import java.nio.file.Path;

/**
 * Verifies an exported model against the network it was exported from: its variables are exactly
 * those of its form ({@link ContentCheck}) and its logits equal the network's ({@link
 * Equivalence}).
 */
public final class ModelVerifier {
  private ModelVerifier() {}

  /**
   * Both checks' results.
   *
   * @param content the variables found
   * @param equivalence the logit comparison
   */
  public record Report(ContentCheck.Report content, Equivalence equivalence) {
    /** Whether the logits agree (the content check throws when it fails). */
    public boolean passed() {
      return equivalence.passed();
    }
  }

  /**
   * Verifies the model in {@code directory}.
   *
   * @param referenceSpec the reference network's spec: its architecture and classes must be the
   *     model's
   * @param reference the reference network (inputs normalized with the model's recorded
   *     normalization)
   * @throws SavedModelException if the model cannot be loaded, its variables are not exactly its
   *     form's, or it is another architecture than the reference
   */
  public static Report verify(
      Path directory,
      ModelSpec referenceSpec,
      ReferenceModel reference,
      ImageSet images,
      String imageSource,
      ProgressReporter progress) {
    try (ExportedModel model = ExportedModel.load(directory)) {
      return verify(model, referenceSpec, reference, images, imageSource, progress);
    }
  }

  /**
   * {@link #verify(Path, ModelSpec, ReferenceModel, ImageSet, String, ProgressReporter)} of a
   * loaded model.
   */
  public static Report verify(
      ExportedModel model,
      ModelSpec referenceSpec,
      ReferenceModel reference,
      ImageSet images,
      String imageSource,
      ProgressReporter progress) {
    ModelSpec plain = model.metadata().plainSpec();
    if (!plain.architecture().spec().equals(referenceSpec.architecture().spec())
        || plain.numClasses() != referenceSpec.numClasses()) {
      throw new SavedModelException(
          model.directory()
              + " is a "
              + plain.architecture().spec()
              + " with "
              + plain.numClasses()
              + " classes; the reference is a "
              + referenceSpec.architecture().spec()
              + " with "
              + referenceSpec.numClasses()
              + " classes");
    }
    ContentCheck.Report content =
        ContentCheck.check(
            model.directory(), DeployedLayout.of(plain, model.metadata().batchNormFolded()));
    Equivalence equivalence =
        Equivalence.measure(
            model,
            reference,
            model.metadata().normalization(),
            images,
            imageSource,
            "verifying " + model.directory().getFileName(),
            progress);
    return new Report(content, equivalence);
  }
}
