package io.kflo4j.training.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import io.kflo4j.graph.Model;
import io.kflo4j.graph.variables.ModelVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.Summary;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Histograms of a model's weights for TensorBoard, made by TensorFlow's {@code HistogramSummary} op
 * (TensorBoard's own bucket layout) and merged into one {@link Summary} per evaluation.
 *
 * <p>Tags: {@value #DEPLOYED_PREFIX}{@code <name>} for every deployed tensor (the collapsed kernels
 * and biases and the batch-norm tensors, under the plain model's variable names: what an export
 * holds), and {@value #FACTOR_PREFIX}{@code <name>} for every trainable variable that is not itself
 * a deployed tensor (a parameterization's factors, e.g. KFLO's widened kernel and its filters).
 */
public final class WeightHistograms {
  /** Tag prefix of the deployed tensors. */
  public static final String DEPLOYED_PREFIX = "weights/";

  /** Tag prefix of the trained factors behind generated kernels. */
  public static final String FACTOR_PREFIX = "factors/";

  private final Operand<TString> merged;

  /**
   * Adds the histogram ops of {@code model}'s weights to its graph.
   *
   * @param tf the model graph's ops
   */
  public WeightHistograms(Ops tf, Model model) {
    List<Operand<TString>> summaries = new ArrayList<>();
    tensors(model)
        .forEach(
            (tag, tensor) ->
                summaries.add(
                    tf.withName(opName(tag)).summary.histogramSummary(tf.constant(tag), tensor)));
    merged = tf.withName("weight_histograms").summary.mergeSummary(summaries);
  }

  /** The op's name, which TensorFlow's errors give: {@code histogram_<tag with '_' for '/'>}. */
  private static String opName(String tag) {
    return "histogram_" + tag.replace('/', '_');
  }

  /** The tensors to chart, by tag, deployed tensors first, each in the model's order. */
  private static Map<String, Operand<TFloat32>> tensors(Model model) {
    Map<String, Operand<TFloat32>> tensors = new LinkedHashMap<>();
    Map<String, Operand<TFloat32>> deployed = model.deployedTensors();
    deployed.forEach((name, tensor) -> tensors.put(DEPLOYED_PREFIX + name, tensor));
    for (ModelVariable variable : model.trainableVariables()) {
      if (!deployed.containsKey(variable.name())) {
        tensors.put(FACTOR_PREFIX + variable.name(), variable.variable());
      }
    }
    return tensors;
  }

  /**
   * Evaluates every histogram on the session's current weights.
   *
   * @throws IllegalStateException if a weight is NaN or infinite (TensorFlow's op refuses them)
   */
  public Summary evaluate(Session session) {
    try (Result result = session.runner().fetch(merged).run()) {
      return Summary.parseFrom(((TString) result.get(0)).asBytes().getObject());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("TensorFlow's merged weight histograms did not parse", e);
    } catch (IllegalArgumentException | TensorFlowException e) {
      // TensorFlow reports a refused value (a NaN) as TFInvalidArgumentException, an
      // IllegalArgumentException.
      throw new IllegalStateException(
          "weight histograms failed: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }
}
