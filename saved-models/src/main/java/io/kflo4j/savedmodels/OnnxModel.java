package io.kflo4j.savedmodels;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.deploy.DeployedGraph;
import io.kflo4j.savedmodels.images.Pixels;
import io.kflo4j.savedmodels.metadata.ExportMetadata;
import io.kflo4j.savedmodels.onnx.OnnxFormat;
import io.kflo4j.savedmodels.onnx.OnnxPolicy;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.ModelProto;
import io.kflo4j.savedmodels.onnx.proto.OnnxProto.StringStringEntryProto;
import io.kflo4j.savedmodels.trust.ModelTrust;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A kflo4j model exported as ONNX ({@code model.onnx}), run by ONNX Runtime.
 *
 * <p>{@link #load} reads the file once, parses it and by default ({@link ModelTrust#CHECKED})
 * refuses a model that is not a graph kflo4j writes ({@link OnnxPolicy}). The session is made from
 * the checked bytes themselves on the first {@link #classify} or {@link #logits}: the file is not
 * read again, so a file swapped after the check never runs. {@link ModelTrust#VARIABLES_ONLY} never
 * runs it. Not thread-safe; close it to free the native session.
 */
public final class OnnxModel implements InferenceModel {
  private final Path file;
  private final ModelProto model;
  private final byte[] checkedBytes;
  private final ExportMetadata metadata;
  private final ModelTrust trust;
  private OrtSession session;

  private OnnxModel(
      Path file, ModelProto model, byte[] bytes, ExportMetadata metadata, ModelTrust trust) {
    this.file = file;
    this.model = model;
    this.checkedBytes = bytes;
    this.metadata = metadata;
    this.trust = trust;
  }

  /** {@link #load(Path, ModelTrust)} with {@link ModelTrust#CHECKED}. */
  public static OnnxModel load(Path file) {
    return load(file, ModelTrust.CHECKED);
  }

  /**
   * Opens an ONNX model exported by kflo4j.
   *
   * @param trust {@link ModelTrust#CHECKED} refuses a model that is not what kflo4j writes here,
   *     before ONNX Runtime sees it; {@link ModelTrust#TRUSTED} runs it whatever it holds
   * @throws SavedModelException naming the file when it is missing, cannot be read or parsed, or
   *     lacks readable kflo4j metadata
   * @throws io.kflo4j.savedmodels.trust.UntrustedModelException when checked and the model holds
   *     anything else than kflo4j's ONNX inference graph, naming the first offending part
   */
  public static OnnxModel load(Path file, ModelTrust trust) {
    Path path = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new SavedModelException(
          "ONNX model " + path + (Files.exists(path) ? " is not a file" : " does not exist"));
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException | OutOfMemoryError e) {
      throw new SavedModelException("cannot read " + path + ": " + e.getMessage(), e);
    }
    ModelProto model;
    try {
      model = ModelProto.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new SavedModelException(
          "cannot read ONNX model " + path + ": it is not an ONNX file (" + e.getMessage() + ")",
          e);
    }
    if (trust == ModelTrust.CHECKED) {
      OnnxPolicy.check(model, path);
    }
    return new OnnxModel(path, model, bytes, metadata(model, path), trust);
  }

  private static ExportMetadata metadata(ModelProto model, Path path) {
    Optional<String> json =
        model.getMetadataPropsList().stream()
            .filter(entry -> entry.getKey().equals(OnnxFormat.METADATA_KEY))
            .map(StringStringEntryProto::getValue)
            .findFirst();
    if (json.isEmpty()) {
      throw new SavedModelException(
          path
              + " has no '"
              + OnnxFormat.METADATA_KEY
              + "' in its metadata: it was not exported by kflo4j");
    }
    try {
      return ExportMetadata.fromJson(json.get());
    } catch (IllegalArgumentException e) {
      throw new SavedModelException(path + ": " + e.getMessage(), e);
    }
  }

  /** The parsed model (do not change it: it is what runs). */
  public ModelProto model() {
    return model;
  }

  @Override
  public Path location() {
    return file;
  }

  /** The directory's name and {@code -onnx}, e.g. {@code m1-onnx} for {@code m1/model.onnx}. */
  @Override
  public String name() {
    Path directory = file.getParent();
    String stem = file.getFileName().toString().replaceFirst("\\.onnx$", "");
    return (directory == null || directory.getFileName() == null
            ? stem
            : directory.getFileName() + (stem.equals("model") ? "" : "-" + stem))
        + "-onnx";
  }

  @Override
  public ExportMetadata metadata() {
    return metadata;
  }

  @Override
  public Classification classify(byte[] pixelsNhwc, int count) {
    try (OnnxTensor images = imagesTensor(pixelsNhwc, count);
        OrtSession.Result result =
            session()
                .run(
                    Map.of(DeployedGraph.INPUT, images),
                    Set.of(
                        DeployedGraph.LOGITS,
                        DeployedGraph.PROBABILITIES,
                        DeployedGraph.CLASSES))) {
      float[] logits = checkedLogits(output(result, DeployedGraph.LOGITS), count);
      float[] probabilities = floats(output(result, DeployedGraph.PROBABILITIES));
      LongBuffer classBuffer = output(result, DeployedGraph.CLASSES).getLongBuffer();
      int[] predicted = new int[count];
      for (int i = 0; i < count; i++) {
        predicted[i] = Math.toIntExact(classBuffer.get(i));
      }
      return new Classification(count, metadata.numClasses(), logits, probabilities, predicted);
    } catch (OrtException e) {
      throw runFailure(e);
    }
  }

  @Override
  public float[] logits(byte[] pixelsNhwc, int count) {
    try (OnnxTensor images = imagesTensor(pixelsNhwc, count);
        OrtSession.Result result =
            session().run(Map.of(DeployedGraph.INPUT, images), Set.of(DeployedGraph.LOGITS))) {
      return checkedLogits(output(result, DeployedGraph.LOGITS), count);
    } catch (OrtException e) {
      throw runFailure(e);
    }
  }

  private OrtSession session() {
    if (session == null) {
      if (trust == ModelTrust.VARIABLES_ONLY) {
        throw new SavedModelException(
            file + " was opened to read its metadata only: its graph never runs");
      }
      try {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
          session = environment().createSession(checkedBytes, options);
        }
      } catch (OrtException e) {
        throw new SavedModelException(
            "ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
      }
    }
    return session;
  }

  private static OnnxTensor imagesTensor(byte[] pixelsNhwc, int count) throws OrtException {
    Pixels.checkBatch(pixelsNhwc, count);
    return OnnxTensor.createTensor(
        environment(),
        ByteBuffer.wrap(pixelsNhwc),
        new long[] {count, Pixels.SIDE, Pixels.SIDE, Pixels.CHANNELS},
        OnnxJavaType.UINT8);
  }

  /** ONNX Runtime's environment of the process, logging errors only. */
  private static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
  }

  private OnnxTensor output(OrtSession.Result result, String name) {
    return (OnnxTensor)
        result
            .get(name)
            .orElseThrow(() -> new SavedModelException(file + " gives no '" + name + "' output"));
  }

  private float[] checkedLogits(OnnxTensor tensor, int count) {
    return InferenceModel.requireOnePerClass(floats(tensor), count, this);
  }

  private static float[] floats(OnnxTensor tensor) {
    FloatBuffer buffer = tensor.getFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  private SavedModelException runFailure(OrtException e) {
    return new SavedModelException("ONNX Runtime cannot run " + file + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (session != null) {
      try {
        session.close();
      } catch (OrtException e) {
        throw new SavedModelException("cannot close " + file + ": " + e.getMessage(), e);
      } finally {
        session = null;
      }
    }
  }

  @Override
  public String toString() {
    return "OnnxModel[" + file + ": " + metadata + "]";
  }
}
