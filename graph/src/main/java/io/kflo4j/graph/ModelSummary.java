package io.kflo4j.graph;

import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.variables.Shapes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A model's kernel layers with their deployed and train-time shapes, parameter counts and forward
 * FLOPs per image, worked out by building the model's inference path in a scratch graph.
 *
 * @param spec what was summarized
 * @param layers one row per kernel layer, in order
 * @param trainParameters scalars in all variables (moving statistics included)
 * @param deployedParameters scalars in the collapsed plain model
 * @param forwardFlops forward FLOPs per image of the conv and dense layers
 * @param sharedVariables variables shared by several layers (a parameterization's model-level
 *     ones), as {@code name[shape]}, each counted once in {@code trainParameters}
 */
public record ModelSummary(
    ModelSpec spec,
    List<LayerRow> layers,
    long trainParameters,
    long deployedParameters,
    long forwardFlops,
    List<String> sharedVariables) {

  /**
   * One kernel layer.
   *
   * @param name layer name
   * @param deployedShape the kernel shape after collapse
   * @param trainShapes the variables behind the kernel, as {@code name[shape]}
   * @param trainParameters scalars in those variables
   * @param deployedParameters scalars in the deployed kernel and bias
   * @param forwardFlops forward FLOPs per image
   */
  public record LayerRow(
      String name,
      long[] deployedShape,
      String trainShapes,
      long trainParameters,
      long deployedParameters,
      long forwardFlops) {}

  /** Summarizes {@code spec}. */
  public static ModelSummary of(ModelSpec spec) {
    return Model.inspect(spec, model -> of(spec, model));
  }

  private static ModelSummary of(ModelSpec spec, Model model) {
    List<LayerRow> rows = model.kernelLayers().stream().map(ModelSummary::row).toList();
    Set<String> owned = new HashSet<>();
    model
        .kernelLayers()
        .forEach(layer -> layer.generated().variables().forEach(v -> owned.add(v.name())));
    model.batchNorms().forEach(bn -> bn.variables().forEach(v -> owned.add(v.name())));
    List<String> shared =
        model.variables().all().stream()
            .filter(v -> !owned.contains(v.name()))
            .map(v -> v.name() + Shapes.toString(v.shape()))
            .toList();
    return new ModelSummary(
        spec,
        rows,
        model.trainParameterCount(),
        model.deployedParameterCount(),
        model.forwardFlops(),
        shared);
  }

  private static LayerRow row(KernelLayer layer) {
    String trainShapes =
        layer.generated().variables().stream()
            .map(v -> v.name() + Shapes.toString(v.shape()))
            .collect(Collectors.joining(" "));
    return new LayerRow(
        layer.name(),
        layer.shape().kernelShape(),
        trainShapes,
        layer.generated().trainParameters(),
        layer.shape().deployedParameters(),
        layer.forwardFlops());
  }

  /** A plain-text table. */
  public String format() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%s, %d classes, parameterization %s%n",
            spec.architecture().spec(), spec.numClasses(), spec.parameterization().spec()));
    out.append(
        String.format(
            "%-16s %-20s %12s %12s %14s  %s%n",
            "layer",
            "deployed shape",
            "train params",
            "deployed",
            "fwd FLOPs",
            "train-time variables"));
    for (LayerRow row : layers) {
      out.append(
          String.format(
              "%-16s %-20s %,12d %,12d %,14d  %s%n",
              row.name(),
              Shapes.toString(row.deployedShape()),
              row.trainParameters(),
              row.deployedParameters(),
              row.forwardFlops(),
              row.trainShapes()));
    }
    if (!sharedVariables.isEmpty()) {
      out.append("shared by several layers (counted once): ")
          .append(String.join(" ", sharedVariables))
          .append(System.lineSeparator());
    }
    out.append(
        String.format(
            "total parameters (batch norm included): train-time %,d, deployed %,d (x%.2f)%n",
            trainParameters, deployedParameters, (double) trainParameters / deployedParameters));
    out.append(
        String.format(
            "forward FLOPs per image: %,d (%.1f MFLOPs)%n", forwardFlops, forwardFlops / 1e6));
    return out.toString();
  }
}
