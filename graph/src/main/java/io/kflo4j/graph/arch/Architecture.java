package io.kflo4j.graph.arch;

import io.kflo4j.graph.layers.LayerFactory;
import java.util.Map;

/**
 * A network architecture for 32x32x3 inputs. It creates its layers through a {@link LayerFactory}
 * and so never depends on the kernel parameterization.
 */
public interface Architecture {

  /**
   * The spec that parses back to this architecture ({@code cifar-quick}, {@code vgg16}, {@code
   * wrn-16-8}).
   */
  String spec();

  /**
   * The spec's arguments, by name, for people and other tools reading an export's metadata: {@code
   * depth} and {@code widenFactor} for WRN and DiracNet; none for the others.
   */
  default Map<String, Integer> arguments() {
    return Map.of();
  }

  /** Creates the layers (and so the variables) for {@code numClasses} outputs. */
  Network create(LayerFactory layers, int numClasses);
}
