package io.kflo4j.savedmodels;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.deploy.DeployedGraph;
import io.kflo4j.savedmodels.metadata.ExportMetadata;
import io.kflo4j.savedmodels.onnx.OnnxFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The files of a SavedModel directory, read without TensorFlow running anything: the {@code
 * saved_model.pb} protocol buffer, its serving meta graph, the variables it declares, the metadata
 * asset.
 */
public final class SavedModelFiles {
  /** The protocol buffer file. */
  public static final String SAVED_MODEL_PB = "saved_model.pb";

  /** The checkpoint prefix, relative to the directory. */
  public static final String VARIABLES_PREFIX = "variables/variables";

  /** The checkpoint index file, relative to the directory. */
  public static final String VARIABLES_INDEX = VARIABLES_PREFIX + ".index";

  /** The assets directory. */
  public static final String ASSETS = "assets";

  private SavedModelFiles() {}

  /** The metadata file of a SavedModel directory. */
  public static Path metadataFile(Path directory) {
    return directory.resolve(ASSETS).resolve(ExportMetadata.ASSET_FILE);
  }

  /**
   * Whether {@code directory} is a kflo4j export: a {@code saved_model.pb} beside the metadata
   * asset, or a {@code model.onnx} (nothing is parsed).
   */
  public static boolean isExport(Path directory) {
    return (Files.isRegularFile(directory.resolve(SAVED_MODEL_PB))
            && Files.isRegularFile(metadataFile(directory)))
        || Files.isRegularFile(directory.resolve(OnnxFormat.MODEL_FILE));
  }

  /**
   * Checks that {@code directory} looks like a complete SavedModel and reads its protocol buffer.
   *
   * @throws SavedModelException naming the directory or file and what is wrong
   */
  public static SavedModel read(Path directory) {
    if (!Files.exists(directory)) {
      throw new SavedModelException("model directory " + directory + " does not exist");
    }
    if (!Files.isDirectory(directory)) {
      throw new SavedModelException("model directory " + directory + " is not a directory");
    }
    Path pb = directory.resolve(SAVED_MODEL_PB);
    if (!Files.isRegularFile(pb)) {
      throw new SavedModelException(
          directory + " is not a SavedModel: it has no " + SAVED_MODEL_PB);
    }
    SavedModel savedModel;
    try {
      savedModel = SavedModel.parseFrom(Files.readAllBytes(pb));
    } catch (InvalidProtocolBufferException e) {
      throw new SavedModelException(
          "cannot read " + pb + ": not a valid SavedModel (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new SavedModelException("cannot read " + pb + ": " + e.getMessage(), e);
    }
    if (!Files.isRegularFile(directory.resolve(VARIABLES_INDEX))) {
      throw new SavedModelException(
          directory + " is not a complete SavedModel: it has no " + VARIABLES_INDEX);
    }
    return savedModel;
  }

  /**
   * The meta graph tagged {@code serve}, with a {@code serving_default} signature taking {@code
   * images}.
   *
   * @throws SavedModelException if there is none
   */
  public static MetaGraphDef servingMetaGraph(SavedModel savedModel, Path directory) {
    for (MetaGraphDef metaGraph : savedModel.getMetaGraphsList()) {
      if (metaGraph.getMetaInfoDef().getTagsList().contains(DeployedGraph.TAG)) {
        SignatureDef signature = metaGraph.getSignatureDefMap().get(DeployedGraph.SIGNATURE_KEY);
        if (signature == null
            || !signature.getInputsMap().containsKey(DeployedGraph.INPUT)
            || !signature
                .getOutputsMap()
                .keySet()
                .containsAll(
                    java.util.List.of(
                        DeployedGraph.LOGITS,
                        DeployedGraph.PROBABILITIES,
                        DeployedGraph.CLASSES))) {
          throw new SavedModelException(
              directory
                  + " has no '"
                  + DeployedGraph.SIGNATURE_KEY
                  + "' signature with input '"
                  + DeployedGraph.INPUT
                  + "' and outputs logits, probabilities and classes");
        }
        return metaGraph;
      }
    }
    throw new SavedModelException(
        directory + " has no meta graph tagged '" + DeployedGraph.TAG + "'");
  }

  /**
   * The variables a meta graph declares: every variable op of its graph, name to static shape, in
   * graph order.
   *
   * @throws SavedModelException for a variable that is not float or has no static shape
   */
  public static Map<String, long[]> variables(MetaGraphDef metaGraph) {
    Map<String, long[]> variables = new LinkedHashMap<>();
    for (NodeDef node : metaGraph.getGraphDef().getNodeList()) {
      String op = node.getOp();
      if (!(op.equals("VariableV2") || op.equals("Variable") || op.equals("VarHandleOp"))) {
        continue;
      }
      AttrValue dtype = node.getAttrMap().get("dtype");
      if (dtype == null || dtype.getType() != DataType.DT_FLOAT) {
        throw new SavedModelException(
            "variable '"
                + node.getName()
                + "' is not float32 ("
                + (dtype == null ? "no dtype" : dtype.getType())
                + ")");
      }
      AttrValue shapeAttr = node.getAttrMap().get("shape");
      if (shapeAttr == null || shapeAttr.getShape().getUnknownRank()) {
        throw new SavedModelException("variable '" + node.getName() + "' has no static shape");
      }
      TensorShapeProto shape = shapeAttr.getShape();
      long[] dims = new long[shape.getDimCount()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = shape.getDim(i).getSize();
        if (dims[i] < 0) {
          throw new SavedModelException(
              "variable '" + node.getName() + "' has an unknown dimension");
        }
      }
      variables.put(node.getName(), dims);
    }
    return variables;
  }

  /**
   * Registers {@code assets/<file>} as an asset of the serving meta graph (an {@code AssetFileDef}
   * bound to the string constant {@code tensorName}), so that TensorFlow's loaders and tools know
   * the file belongs to the model, and rewrites {@code saved_model.pb} atomically.
   */
  static void registerAsset(Path directory, String tensorName, String file) throws IOException {
    SavedModel savedModel = read(directory);
    SavedModel.Builder builder = savedModel.toBuilder();
    for (int i = 0; i < builder.getMetaGraphsCount(); i++) {
      MetaGraphDef.Builder metaGraph = builder.getMetaGraphsBuilder(i);
      metaGraph.addAssetFileDef(
          AssetFileDef.newBuilder()
              .setTensorInfo(
                  TensorInfo.newBuilder().setName(tensorName + ":0").setDtype(DataType.DT_STRING))
              .setFilename(file));
    }
    AtomicFiles.write(directory.resolve(SAVED_MODEL_PB), builder.build().toByteArray());
  }
}
