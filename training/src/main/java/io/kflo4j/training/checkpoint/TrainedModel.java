package io.kflo4j.training.checkpoint;

import io.kflo4j.common.files.AtomicFiles;
import io.kflo4j.graph.Model;
import io.kflo4j.graph.ModelSpec;
import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.variables.TensorValues;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.metrics.RunSummary;
import io.kflo4j.training.optimizer.WeightAverage;
import io.kflo4j.training.run.CheckpointState;
import io.kflo4j.training.run.RunClassNames;
import io.kflo4j.training.run.RunDirectory;
import io.kflo4j.training.run.RunLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A finished (or interrupted) training run opened for use: its configuration and the trained
 * network's inference path with the last checkpoint's weights (the EMA weights when the run kept an
 * EMA). The run is locked ({@link RunLock}) while its checkpoint is read, so a run another process
 * trains is refused, not read half-replaced.
 */
public final class TrainedModel implements AutoCloseable {

  private final Path runDirectory;
  private final TrainConfig config;
  private final ModelSpec spec;
  private final List<String> classNames;
  private final Graph graph;
  private final Session session;
  private final Model model;
  private final Placeholder<TFloat32> images;

  private TrainedModel(Path runDirectory, TrainConfig config, List<String> classNames) {
    this.runDirectory = runDirectory;
    this.config = config;
    this.classNames = classNames;
    this.spec = config.model().spec(classNames.size());
    this.graph = new Graph();
    Ops tf = Ops.create(graph);
    images =
        tf.withName("images")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
    model = Model.build(tf, images, spec, EnumSet.of(Mode.INFERENCE), config.run().seed());
    Map<String, Variable<TFloat32>> averages =
        config.optimizer().ema().isPresent()
            ? WeightAverage.slots(tf, model.variables().all())
            : Map.of();
    session = new Session(graph);
    // Locked while the checkpoint is read: recovering it must not meet a trainer's swap.
    try (RunLock lock = RunLock.acquire(runDirectory)) {
      Path checkpoint =
          AtomicFiles.recoverDirectory(runDirectory.resolve(RunDirectory.CHECKPOINT_DIR))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "run "
                              + runDirectory
                              + " has no complete checkpoint ("
                              + runDirectory.resolve(RunDirectory.CHECKPOINT_DIR)
                              + " is missing: nothing trained yet, or deleted)"));
      CheckpointState.read(checkpoint);
      session.restore(CheckpointState.prefix(checkpoint));
      if (!averages.isEmpty()) {
        model.variables().assign(session, TensorValues.fetch(session, averages));
      }
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Opens a run directory.
   *
   * @throws IllegalArgumentException naming the directory when it is not a run or has no checkpoint
   * @throws io.kflo4j.training.run.RunInUseException naming the process that trains it
   */
  public static TrainedModel open(Path runDirectory) {
    Path configFile = runDirectory.resolve(RunDirectory.CONFIG_FILE);
    if (!Files.isRegularFile(configFile)) {
      throw new IllegalArgumentException(
          runDirectory + " is not a training run: it has no " + RunDirectory.CONFIG_FILE);
    }
    try {
      TrainConfig config = TrainConfig.read(configFile);
      return new TrainedModel(runDirectory, config, RunClassNames.read(runDirectory));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read run " + runDirectory + ": " + e.getMessage(), e);
    }
  }

  /** The run's configuration. */
  public TrainConfig config() {
    return config;
  }

  /** The trained architecture, classes and parameterization. */
  public ModelSpec spec() {
    return spec;
  }

  /** The data set's class names (their count is the model's). */
  public List<String> classNames() {
    return classNames;
  }

  /** The data set id, e.g. {@code cifar10} or {@code folder:/data/pets}. */
  public String dataset() {
    return config.data().dataset();
  }

  /** The run directory. */
  public Path runDirectory() {
    return runDirectory;
  }

  /** The model (inference path only). */
  public Model model() {
    return model;
  }

  /** The session holding the restored weights. */
  public Session session() {
    return session;
  }

  /** The collapsed weights, keyed by the plain architecture's variable names. */
  public Map<String, float[]> deployedValues() {
    return model.deployedValues(session);
  }

  /** Inference-mode logits [count, classes] for normalized NHWC images. */
  public float[] logits(float[] normalizedNhwc, int count) {
    try (TFloat32 x =
            TFloat32.tensorOf(
                Shape.of(count, 32, 32, 3), DataBuffers.of(normalizedNhwc, true, false));
        Result result =
            session.runner().feed(images, x).fetch(model.logits(Mode.INFERENCE)).run()) {
      return TensorValues.copy((TFloat32) result.get(0));
    }
  }

  /** The final epoch's evaluation top-1, from {@code summary.json} when present. */
  public OptionalDouble finalTestTop1() {
    Path summary = runDirectory.resolve(RunDirectory.SUMMARY_FILE);
    if (!Files.isRegularFile(summary)) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(RunSummary.read(summary).finalTop1());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
