package io.kflo4j.savedmodels.trust;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one list of TensorFlow op types that kflo4j's exporter writes into a SavedModel: the plain
 * inference graph of every architecture (folded or not), the variables with their setters, and the
 * saver. A SavedModel whose graph holds any other op type is not run unless the user trusts it
 * ({@link GraphPolicy}).
 *
 * <p>{@code InferenceOpSetTest} exports every architecture, folded and not, and checks that the
 * union of the op types written is exactly {@link #WRITTEN}: an op type the exporter starts to
 * write must be added here (after asking whether it can touch anything outside the session), and
 * one it no longer writes must be removed.
 */
public final class InferenceOpSet {
  /**
   * The op types of the inference path (input, normalization, layers, outputs, variable reads):
   * what an exported graph computes, and what the ONNX export translates.
   */
  public static final Set<String> INFERENCE_PATH =
      Set.of(
          "Placeholder",
          "Cast",
          "Const",
          "Mul",
          "Add",
          "Sub",
          "Rsqrt",
          "Conv2D",
          "BiasAdd",
          "Relu",
          "MaxPool",
          "AvgPool",
          "Mean",
          "Reshape",
          "MatMul",
          "Identity",
          "Softmax",
          "ArgMax",
          "VariableV2");

  /**
   * Every op type the exporter writes now: the inference path, the variables' setters ({@code
   * v_value} placeholders, {@code v_assign}) and the saver. None of them reaches outside the
   * session except the two file ops.
   */
  public static final Set<String> WRITTEN =
      Stream.concat(
              INFERENCE_PATH.stream(),
              Stream.of("Assign", "SaveV2", "RestoreV2", "ZerosLike", "NoOp"))
          .collect(Collectors.toUnmodifiableSet());

  /**
   * Op types earlier kflo4j versions wrote in place of one in {@link #WRITTEN}, with the same
   * computation: {@code MaxPoolV2} (window and strides as constant tensors) before max pooling was
   * built as {@code MaxPool} (2026-12-01); {@code FusedBatchNormV3} (inference mode) before the
   * inference batch norm was built as a per-channel affine (2026-12-07).
   */
  public static final Set<String> EARLIER = Set.of("MaxPoolV2", "FusedBatchNormV3");

  /** The op types a model may hold to run untrusted: {@link #WRITTEN} and {@link #EARLIER}. */
  public static final Set<String> OPS =
      Stream.concat(WRITTEN.stream(), EARLIER.stream()).collect(Collectors.toUnmodifiableSet());

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
