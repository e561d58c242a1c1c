package io.kflo4j.transfer.init;

import io.kflo4j.datasets.batch.Batch;
import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.variables.TensorValues;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Activation matching (Git Re-Basin, Ainsworth et al. 2023): each hidden unit of a source is
 * matched to the unit of the reference whose output it correlates with best on target images. Per
 * hidden layer, the Pearson correlation of the two models' layer outputs (before batch norm and
 * activation; a batch norm is an affine map per unit, which correlation ignores) over every image
 * and spatial position, then the linear assignment that maximizes the summed correlation. A unit's
 * output does not depend on how other layers are permuted, so each layer is matched once.
 *
 * <p>The sources run as plain networks that kflo4j builds from their variables (never their own
 * graphs), in inference mode.
 */
public final class ActivationMatching implements UnitAlignment {
  private final List<Batch> batches;

  /** Matching on {@code batches} of normalized target images (a few thousand images in all). */
  public ActivationMatching(List<Batch> batches) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("activation matching needs images");
    }
    this.batches = List.copyOf(batches);
  }

  @Override
  public SourceModel align(Model model, SourceModel reference, SourceModel other) {
    WeightMatching.checkSequential(model.spec().architecture().spec());
    List<KernelLayer> layers = model.kernelLayers();
    List<String> hidden =
        layers.subList(0, layers.size() - 1).stream().map(KernelLayer::name).toList();
    Map<String, Correlation> correlations = new LinkedHashMap<>();
    for (String layer : hidden) {
      KernelLayer kernelLayer = layers.get(hidden.indexOf(layer));
      int units = kernelLayer.shape().outChannels();
      correlations.put(layer, new Correlation(units));
    }
    try (Outputs a = new Outputs(model.spec(), reference, hidden);
        Outputs b = new Outputs(model.spec(), other, hidden)) {
      for (Batch batch : batches) {
        Map<String, float[]> outA = a.run(batch);
        Map<String, float[]> outB = b.run(batch);
        correlations.forEach((layer, c) -> c.add(outA.get(layer), outB.get(layer)));
      }
    }
    int[][] permutations = new int[hidden.size()][];
    for (int l = 0; l < hidden.size(); l++) {
      permutations[l] = LinearAssignment.maximize(correlations.get(hidden.get(l)).matrix());
    }
    return WeightMatching.permuted(
        model, other, permutations, "aligned to " + reference.name() + " by activations");
  }

  /** A source as a plain network in its own graph, fetching its hidden layers' outputs. */
  private static final class Outputs implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session = new Session(graph);
    private final Placeholder<TFloat32> images;
    private final Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();

    Outputs(ModelSpec target, SourceModel source, List<String> layers) {
      Ops tf = Ops.create(graph);
      images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
      ModelSpec plain = ModelSpec.of(target.architecture().spec(), source.numClasses(), "plain");
      Model model = Model.build(tf, images, plain, EnumSet.of(Mode.INFERENCE), 0);
      Map<String, float[]> values = new LinkedHashMap<>();
      model.variables().all().forEach(v -> values.put(v.name(), source.variables().get(v.name())));
      for (KernelLayer layer : model.kernelLayers()) {
        if (layers.contains(layer.name())) {
          outputs.put(layer.name(), layer.output(Mode.INFERENCE));
        }
      }
      model.variables().assign(session, values);
    }

    Map<String, float[]> run(Batch batch) {
      try (TFloat32 x =
          TFloat32.tensorOf(
              Shape.of(batch.size(), 32, 32, 3), DataBuffers.of(batch.images(), true, false))) {
        Session.Runner runner = session.runner().feed(images, x);
        outputs.values().forEach(runner::fetch);
        Map<String, float[]> values = new LinkedHashMap<>();
        try (Result result = runner.run()) {
          int index = 0;
          for (String layer : outputs.keySet()) {
            values.put(layer, TensorValues.copy((TFloat32) result.get(index++)));
          }
        }
        return values;
      }
    }

    @Override
    public void close() {
      session.close();
      graph.close();
    }
  }

  /** Running sums for the correlation of two layers' units over samples. */
  private static final class Correlation {
    private final int units;
    private final double[] sumA;
    private final double[] sumB;
    private final double[] squareA;
    private final double[] squareB;
    private final double[][] cross;
    private long samples;

    Correlation(int units) {
      this.units = units;
      sumA = new double[units];
      sumB = new double[units];
      squareA = new double[units];
      squareB = new double[units];
      cross = new double[units][units];
    }

    /** Adds the samples of two outputs laid out [..., units] (every leading index a sample). */
    void add(float[] a, float[] b) {
      int rows = a.length / units;
      for (int r = 0; r < rows; r++) {
        int offset = r * units;
        for (int i = 0; i < units; i++) {
          double ai = a[offset + i];
          sumA[i] += ai;
          squareA[i] += ai * ai;
          sumB[i] += b[offset + i];
          squareB[i] += (double) b[offset + i] * b[offset + i];
          if (ai == 0) {
            continue;
          }
          double[] row = cross[i];
          for (int j = 0; j < units; j++) {
            row[j] += ai * b[offset + j];
          }
        }
      }
      samples += rows;
    }

    /** The correlation matrix: [i][j] of reference unit i and other unit j (0 for a dead unit). */
    double[][] matrix() {
      double[][] result = new double[units][units];
      for (int i = 0; i < units; i++) {
        double meanA = sumA[i] / samples;
        double sdA = Math.sqrt(Math.max(0, squareA[i] / samples - meanA * meanA));
        for (int j = 0; j < units; j++) {
          double meanB = sumB[j] / samples;
          double sdB = Math.sqrt(Math.max(0, squareB[j] / samples - meanB * meanB));
          double covariance = cross[i][j] / samples - meanA * meanB;
          result[i][j] = sdA > 0 && sdB > 0 ? covariance / (sdA * sdB) : 0;
        }
      }
      return result;
    }
  }
}
