package io.kflo4j.transfer.init;

import java.util.List;
import java.util.Map;

/**
 * A pretrained model as transfer sees it: a name for messages, its architecture and class count,
 * and its variables by the plain names of docs/VARIABLES.md. A batch-norm folded export (each conv
 * that had a batch norm has a {@code <conv>_bias} and no {@code <conv>_bn_*} variables; a batch
 * norm that follows no conv is a per-channel affine {@code <bn>_scale}, {@code <bn>_offset}) is
 * read as it is, and refused by {@link TransferInitializer}.
 *
 * @param name how errors name this source (e.g. its directory)
 * @param architecture architecture spec, e.g. {@code cifar-quick}
 * @param numClasses classes of its classifier
 * @param variables values by name
 * @param shapes shapes by name, for every variable
 * @param classNames its classes' names, in label order (empty when unknown)
 */
public record SourceModel(
    String name,
    String architecture,
    int numClasses,
    Map<String, float[]> variables,
    Map<String, long[]> shapes,
    List<String> classNames) {

  /** A source whose class names are unknown. */
  public SourceModel(
      String name,
      String architecture,
      int numClasses,
      Map<String, float[]> variables,
      Map<String, long[]> shapes) {
    this(name, architecture, numClasses, variables, shapes, List.of());
  }
}
