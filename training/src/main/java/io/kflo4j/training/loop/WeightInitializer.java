package io.kflo4j.training.loop;

import io.kflo4j.graph.Model;
import org.tensorflow.Session;

/**
 * Sets a new run's weights after the seed's initialization (resumed runs restore their checkpoint
 * instead). The transfer module supplies one that writes pretrained kernels into W1.
 */
@FunctionalInterface
public interface WeightInitializer {

  /**
   * Adjusts the freshly initialized model's variables, e.g. with {@code
   * model.variables().assign(session, ...)}.
   */
  void initialize(Model model, Session session);

  /** This initializer, then {@code next}. */
  default WeightInitializer andThen(WeightInitializer next) {
    return (model, session) -> {
      initialize(model, session);
      next.initialize(model, session);
    };
  }

  /** Keeps the seed's initial weights. */
  static WeightInitializer fromSeed() {
    return (model, session) -> {};
  }
}
