package io.kflo4j.savedmodels.trust;

import java.util.Set;

/**
 * The one list of TensorFlow op types that kflo4j's exporter writes into a SavedModel: the plain
 * inference graph of every architecture (folded or not), the variables with their setters, and the
 * saver. A SavedModel whose graph holds any other op type is not run unless the user trusts it
 * ({@link GraphPolicy}).
 *
 * <p>{@code InferenceOpSetTest} exports every architecture, folded and not, and checks that the
 * union of the op types written is exactly {@link #OPS}: an op type the exporter starts to write
 * must be added here (after asking whether it can touch anything outside the session), and one it
 * no longer writes must be removed.
 */
public final class InferenceOpSet {
  /**
   * Every op type the exporter writes. None of them reaches outside the session except the two file
   * ops.
   */
  public static final Set<String> OPS =
      Set.of(
          // the inference path
          "Placeholder",
          "Cast",
          "Const",
          "Mul",
          "Add",
          "Conv2D",
          "BiasAdd",
          "FusedBatchNormV3",
          "Relu",
          "MaxPoolV2",
          "AvgPool",
          "Mean",
          "Reshape",
          "MatMul",
          "Identity",
          "Softmax",
          "ArgMax",
          // variables and their setters (v_value placeholders, v_assign)
          "VariableV2",
          "Assign",
          // the saver
          "SaveV2",
          "RestoreV2",
          "ZerosLike",
          "NoOp");

  /**
   * The op types in {@link #OPS} that read files: only the saver's restore, from the path the
   * loader feeds.
   */
  public static final Set<String> FILE_READS = Set.of("RestoreV2");

  /**
   * The op types in {@link #OPS} that write files: the saver's save, which nothing that runs on
   * load may reach.
   */
  public static final Set<String> FILE_WRITES = Set.of("SaveV2");

  private InferenceOpSet() {}
}
