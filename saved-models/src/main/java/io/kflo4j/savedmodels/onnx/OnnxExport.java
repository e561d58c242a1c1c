package io.kflo4j.savedmodels.onnx;

import com.google.gson.Gson;
import io.kflo4j.savedmodels.deploy.DeployedGraph;
import io.kflo4j.savedmodels.metadata.ExportMetadata;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.GraphProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.ModelProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.OperatorSetIdProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.StringStringEntryProto;
import java.util.List;
import java.util.Map;

/**
 * The ONNX model of an exported network: {@link DeployedGraph}'s inference graph translated by
 * {@link OnnxGraphTranslator}, with the variables' values as initializers, opset {@value
 * OnnxFormat#OPSET}, and kflo4j's metadata in {@code metadata_props}.
 *
 * <p>Input {@code images}: uint8 {@code [N, 32, 32, 3]} raw RGB pixels (NHWC), normalized inside
 * the graph; outputs {@code logits} and {@code probabilities} (float {@code [N, classes]}) and
 * {@code classes} (int64 {@code [N]}), as the SavedModel's signature. Metadata: {@value
 * OnnxFormat#CLASS_NAMES_KEY} (a JSON array of the class names) and {@value
 * OnnxFormat#METADATA_KEY} (the metadata JSON a SavedModel export keeps in {@code
 * assets/kflo4j.json}).
 */
public final class OnnxExport {
  private OnnxExport() {}

  /**
   * The ONNX model computing what {@code graph} computes with {@code values}.
   *
   * @param values every variable of the graph's layout, by name
   * @throws UnsupportedGraphException naming what the graph holds that is not translated
   */
  public static ModelProto model(
      DeployedGraph graph, Map<String, float[]> values, ExportMetadata metadata) {
    GraphProto translated =
        OnnxGraphTranslator.translate(
            graph.graph(),
            DeployedGraph.INPUT,
            values,
            graph.layout().variables(),
            List.of(DeployedGraph.LOGITS, DeployedGraph.PROBABILITIES, DeployedGraph.CLASSES));
    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(OnnxFormat.IR_VERSION)
            .setProducerName(OnnxFormat.PRODUCER)
            .setProducerVersion(producerVersion())
            .setModelVersion(1)
            .setDocString(
                "kflo4j "
                    + metadata
                    + ": uint8 NHWC images in (normalized inside), logits, probabilities and"
                    + " classes out")
            .addOpsetImport(
                OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxFormat.OPSET))
            .setGraph(translated.toBuilder().setName("kflo4j " + metadata.architecture()))
            .build();
    return withMetadata(model, metadata);
  }

  /** {@code model} with its {@code metadata_props} set to {@code metadata}. */
  public static ModelProto withMetadata(ModelProto model, ExportMetadata metadata) {
    return model.toBuilder()
        .clearMetadataProps()
        .addMetadataProps(
            entry(OnnxFormat.CLASS_NAMES_KEY, new Gson().toJson(metadata.classNames())))
        .addMetadataProps(entry(OnnxFormat.METADATA_KEY, metadata.toJson()))
        .build();
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  private static String producerVersion() {
    String version = OnnxExport.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
