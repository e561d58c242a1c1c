package io.kflo4j.transfer.init;

import io.kflo4j.graph.Model;
import io.kflo4j.graph.layers.BatchNorm;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.reparam.PlainParameterization;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.Shapes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether transfer's sources fit a target network: same architecture, and every kernel, bias and
 * batch-norm variable of the right shape in every source (a batch-norm-folded source named as
 * such).
 */
final class SourceCompatibility {
  private SourceCompatibility() {}

  /**
   * Checks that every source has the target's architecture, the first source's number of classes,
   * and every kernel, bias and batch-norm variable at the target's shape (the classifier's only
   * when it is reused: {@code sameClasses}).
   *
   * @throws IncompatibleSourceException naming the source and what does not fit
   */
  static void check(Model model, List<SourceModel> sources, boolean sameClasses) {
    String architecture = model.spec().architecture().spec();
    Map<String, long[]> expected = new HashMap<>();
    for (KernelLayer layer : model.kernelLayers()) {
      expected.put(PlainParameterization.kernelName(layer.name()), layer.shape().kernelShape());
      if (layer.shape().hasBias()) {
        expected.put(
            PlainParameterization.biasName(layer.name()), new long[] {layer.shape().outChannels()});
      }
    }
    List<KernelLayer> layers = model.kernelLayers();
    String classifier = layers.get(layers.size() - 1).name();
    for (SourceModel source : sources) {
      if (!source.architecture().equals(architecture)) {
        throw new IncompatibleSourceException(
            "source "
                + source.name()
                + " is a "
                + source.architecture()
                + ", the target is a "
                + architecture);
      }
      if (source.numClasses() != sources.get(0).numClasses()) {
        throw new IncompatibleSourceException(
            "source "
                + source.name()
                + " has "
                + source.numClasses()
                + " classes, source "
                + sources.get(0).name()
                + " has "
                + sources.get(0).numClasses());
      }
      for (Map.Entry<String, long[]> entry : expected.entrySet()) {
        String layerName = entry.getKey().substring(0, entry.getKey().lastIndexOf('_'));
        if (layerName.equals(classifier) && !sameClasses) {
          continue;
        }
        long[] shape = source.shapes().get(entry.getKey());
        if (shape == null || !source.variables().containsKey(entry.getKey())) {
          throw new IncompatibleSourceException(
              "source "
                  + source.name()
                  + " has no variable "
                  + entry.getKey()
                  + " (layer "
                  + layerName
                  + ", expected shape "
                  + Shapes.toString(entry.getValue())
                  + ")");
        }
        if (!java.util.Arrays.equals(shape, entry.getValue())) {
          throw new IncompatibleSourceException(
              "source "
                  + source.name()
                  + ", layer "
                  + layerName
                  + ": "
                  + entry.getKey()
                  + " has shape "
                  + Shapes.toString(shape)
                  + ", the target needs "
                  + Shapes.toString(entry.getValue()));
        }
      }
      for (BatchNorm bn : model.batchNorms()) {
        checkBatchNorm(source, bn);
      }
    }
  }

  /**
   * Every batch-norm variable present with the target's shape; a folded batch norm named as such.
   */
  private static void checkBatchNorm(SourceModel source, BatchNorm bn) {
    for (ModelVariable variable : bn.variables()) {
      long[] shape = source.shapes().get(variable.name());
      if (shape != null
          && source.variables().containsKey(variable.name())
          && java.util.Arrays.equals(shape, variable.shape())) {
        continue;
      }
      if (shape != null) {
        throw new IncompatibleSourceException(
            "source "
                + source.name()
                + ", batch norm "
                + bn.name()
                + ": "
                + variable.name()
                + " has shape "
                + Shapes.toString(shape)
                + ", the target needs "
                + Shapes.toString(variable.shape()));
      }
      boolean folded =
          source.variables().keySet().stream().noneMatch(name -> name.endsWith("_gamma"));
      throw new IncompatibleSourceException(
          "source "
              + source.name()
              + (folded
                  ? " has its batch norms folded into the kernels (no "
                      + variable.name()
                      + "); in training mode batch"
                      + " statistics would undo the folded scale: transfer from an export made without --fold-bn"
                  : " has no batch-norm variable "
                      + variable.name()
                      + " (batch norm "
                      + bn.name()
                      + ")"));
    }
  }
}
