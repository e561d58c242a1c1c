package io.kflo4j.savedmodels.testing;

import com.google.protobuf.ByteString;
import io.kflo4j.savedmodels.ModelLoadHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Edits an exported SavedModel's {@code saved_model.pb} the way a hostile model would be prepared:
 * a {@code WriteFile} op that writes {@value #CONTENT} to a victim file, wired to run on load (main
 * op, init signature) or on every inference. Whether the victim file exists afterwards tells
 * whether the planted op ran.
 */
public final class PlantedOps {
  /** The planted write's node name. */
  public static final String NODE = "planted_write";

  /** What the planted write writes. */
  public static final String CONTENT = "planted op ran";

  private PlantedOps() {}

  /**
   * A write declared as the main op ({@code saved_model_main_op} collection): TensorFlow's loader
   * runs it.
   */
  public static void asMainOp(Path model, Path victim) {
    edit(model, metaGraph -> withWrite(metaGraph, victim));
    collection(model, "saved_model_main_op", NODE);
  }

  /**
   * A write declared as the init op ({@code __saved_model_init_op} signature): TensorFlow's loader
   * runs it.
   */
  public static void asInitSignature(Path model, Path victim) {
    edit(model, metaGraph -> withWrite(metaGraph, victim));
    signature(model, "__saved_model_init_op", NODE);
  }

  /**
   * A write made a control input of the {@code logits} output: it runs on every inference, no
   * collection.
   */
  public static void inInferencePath(Path model, Path victim) {
    edit(model, metaGraph -> withWrite(metaGraph, victim));
    addInput(model, "logits", "^" + NODE);
  }

  /**
   * Plays the writer who swaps {@code saved_model.pb} between kflo4j's check and the run: until the
   * returned handle is closed, right after every check the model's file is replaced with {@code
   * plantedPb} and the model's directory added to {@code swapped}.
   */
  public static AutoCloseable swapAfterEachCheck(byte[] plantedPb, List<Path> swapped) {
    return ModelLoadHook.set(
        directory -> {
          try {
            Files.write(directory.resolve("saved_model.pb"), plantedPb);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          swapped.add(directory);
        });
  }

  /**
   * Adds {@code input} (e.g. {@code ^save/Save}, a control input) to the inputs of the node {@code
   * node}.
   */
  public static void addInput(Path model, String node, String input) {
    editNode(model, node, builder -> builder.addInput(input));
  }

  /** Makes input {@code index} of the node {@code node} read {@code input} instead. */
  public static void replaceInput(Path model, String node, int index, String input) {
    editNode(model, node, builder -> builder.setInput(index, input));
  }

  /** A collection {@code key} holding the existing node {@code node}, no new op. */
  public static void collection(Path model, String key, String node) {
    edit(
        model,
        metaGraph ->
            metaGraph.toBuilder()
                .putCollectionDef(
                    key,
                    CollectionDef.newBuilder()
                        .setNodeList(CollectionDef.NodeList.newBuilder().addValue(node))
                        .build()));
  }

  /**
   * A signature {@code key} whose one output, also named {@code key}, is the existing node {@code
   * node}.
   */
  public static void signature(Path model, String key, String node) {
    edit(
        model,
        metaGraph ->
            metaGraph.toBuilder()
                .putSignatureDef(
                    key,
                    SignatureDef.newBuilder()
                        .putOutputs(key, TensorInfo.newBuilder().setName(node).build())
                        .build()));
  }

  /** A function library holding one empty function {@code name}, no new node. */
  public static void functionLibrary(Path model, String name) {
    edit(
        model,
        metaGraph -> {
          MetaGraphDef.Builder builder = metaGraph.toBuilder();
          builder
              .getGraphDefBuilder()
              .getLibraryBuilder()
              .addFunction(FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName(name)));
          return builder;
        });
  }

  /** The meta graph with the write and its two string constants added. */
  private static MetaGraphDef.Builder withWrite(MetaGraphDef metaGraph, Path victim) {
    MetaGraphDef.Builder builder = metaGraph.toBuilder();
    builder
        .getGraphDefBuilder()
        .addNode(stringConstant(NODE + "_path", victim.toString()))
        .addNode(stringConstant(NODE + "_content", CONTENT))
        .addNode(
            NodeDef.newBuilder()
                .setName(NODE)
                .setOp("WriteFile")
                .addInput(NODE + "_path")
                .addInput(NODE + "_content"));
    return builder;
  }

  private static NodeDef stringConstant(String name, String value) {
    TensorProto tensor =
        TensorProto.newBuilder()
            .setDtype(DataType.DT_STRING)
            .setTensorShape(TensorShapeProto.getDefaultInstance())
            .addStringVal(ByteString.copyFrom(value, StandardCharsets.UTF_8))
            .build();
    return NodeDef.newBuilder()
        .setName(name)
        .setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_STRING).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(tensor).build())
        .build();
  }

  private static void editNode(Path model, String node, UnaryOperator<NodeDef.Builder> change) {
    edit(
        model,
        metaGraph -> {
          MetaGraphDef.Builder builder = metaGraph.toBuilder();
          GraphDef.Builder graph = builder.getGraphDefBuilder();
          for (int i = 0; i < graph.getNodeCount(); i++) {
            if (graph.getNode(i).getName().equals(node)) {
              graph.setNode(i, change.apply(graph.getNode(i).toBuilder()));
            }
          }
          return builder;
        });
  }

  /** Rewrites every meta graph of {@code model}'s {@code saved_model.pb} through {@code change}. */
  private static void edit(Path model, Function<MetaGraphDef, MetaGraphDef.Builder> change) {
    Path pb = model.resolve("saved_model.pb");
    try {
      SavedModel.Builder savedModel = SavedModel.parseFrom(Files.readAllBytes(pb)).toBuilder();
      for (int i = 0; i < savedModel.getMetaGraphsCount(); i++) {
        savedModel.setMetaGraphs(i, change.apply(savedModel.getMetaGraphs(i)));
      }
      Files.write(pb, savedModel.build().toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
