package io.kflo4j.savedmodels.onnx;

import java.util.Set;

/** What kflo4j's ONNX files are: file name, versions, metadata keys and the op types written. */
public final class OnnxFormat {
  /** The ONNX file's name in an export directory. */
  public static final String MODEL_FILE = "model.onnx";

  /** The ONNX operator set version the graph uses (of the default domain {@code ai.onnx}). */
  public static final long OPSET = 17;

  /** The ONNX IR version written, the one that goes with opset 17 (ONNX 1.12). */
  public static final long IR_VERSION = 8;

  /** {@code producer_name} of the model. */
  public static final String PRODUCER = "kflo4j";

  /** The metadata key holding kflo4j's metadata JSON (the SavedModel's {@code kflo4j.json}). */
  public static final String METADATA_KEY = "kflo4j_metadata";

  /** The metadata key holding the class names, a JSON array (index = class). */
  public static final String CLASS_NAMES_KEY = "class_names";

  /**
   * Every ONNX op type {@link OnnxGraphTranslator} writes; a checked model may hold no other (see
   * {@link OnnxPolicy}).
   */
  public static final Set<String> OP_TYPES =
      Set.of(
          "Cast",
          "Mul",
          "Add",
          "Transpose",
          "Conv",
          "BatchNormalization",
          "Relu",
          "MaxPool",
          "AveragePool",
          "ReduceMean",
          "Reshape",
          "MatMul",
          "Softmax",
          "ArgMax",
          "Identity");

  private OnnxFormat() {}
}
