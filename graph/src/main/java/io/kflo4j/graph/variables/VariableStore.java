package io.kflo4j.graph.variables;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Creates a model's variables under flat, unique names and moves their values between Java arrays
 * and a session. Every variable gets a placeholder-fed assign op when created, so values can be set
 * at any time without adding ops to a graph that a session is already running.
 */
public final class VariableStore {
  /**
   * Variable names are flat: lower-case letters, digits and underscores (no '/', which breaks
   * optimizer slots).
   */
  public static final Pattern NAME_PATTERN = Pattern.compile("[a-z][a-z0-9_]*");

  private final Ops tf;
  private final Map<String, ModelVariable> variables = new LinkedHashMap<>();
  private final Map<String, Placeholder<TFloat32>> feeds = new HashMap<>();
  private final Map<String, Assign<TFloat32>> assigns = new HashMap<>();

  /** A store that creates its variables with {@code tf}. */
  public VariableStore(Ops tf) {
    this.tf = tf;
  }

  /**
   * Creates a variable.
   *
   * @throws IllegalArgumentException if the name is not flat or already taken
   */
  public ModelVariable create(
      String name, long[] shape, VariableRole role, Initializer initializer) {
    if (!NAME_PATTERN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "variable name '" + name + "' is not flat: expected " + NAME_PATTERN.pattern());
    }
    if (variables.containsKey(name)) {
      throw new IllegalArgumentException("variable name '" + name + "' is used twice");
    }
    Variable<TFloat32> variable = tf.withName(name).variable(Shape.of(shape), TFloat32.class);
    Placeholder<TFloat32> feed =
        tf.withName(name + "_value")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
    assigns.put(name, tf.withName(name + "_assign").assign(variable, feed));
    feeds.put(name, feed);
    ModelVariable modelVariable =
        new ModelVariable(name, shape.clone(), role, variable, initializer);
    variables.put(name, modelVariable);
    return modelVariable;
  }

  /** All variables in creation order. */
  public List<ModelVariable> all() {
    return List.copyOf(variables.values());
  }

  /** The variable of that name. */
  public ModelVariable get(String name) {
    ModelVariable variable = variables.get(name);
    if (variable == null) {
      throw new IllegalArgumentException("no variable named '" + name + "'");
    }
    return variable;
  }

  /** Whether a variable of that name exists. */
  public boolean contains(String name) {
    return variables.containsKey(name);
  }

  /**
   * Initial values of every variable from {@code seed}: each variable draws from its own generator,
   * seeded by the model seed and its name, so adding a layer does not change the others' initial
   * values.
   */
  public Map<String, float[]> initialValues(long seed) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ModelVariable variable : variables.values()) {
      long nameHash =
          Hashing.murmur3_128().hashString(variable.name(), StandardCharsets.UTF_8).asLong();
      values.put(
          variable.name(),
          variable.initializer().values(variable.shape(), new SplittableRandom(seed ^ nameHash)));
    }
    return values;
  }

  /** Sets every variable to its initial values from {@code seed}. */
  public void initialize(Session session, long seed) {
    assign(session, initialValues(seed));
  }

  /**
   * Sets the named variables to the given values.
   *
   * @throws IllegalArgumentException naming the variable when a name is unknown or an array has the
   *     wrong length
   */
  public void assign(Session session, Map<String, float[]> values) {
    if (values.isEmpty()) {
      return;
    }
    List<org.tensorflow.Tensor> tensors = new ArrayList<>();
    try {
      Session.Runner runner = session.runner();
      for (Map.Entry<String, float[]> entry : values.entrySet()) {
        ModelVariable variable = get(entry.getKey());
        if (entry.getValue().length != variable.size()) {
          throw new IllegalArgumentException(
              "variable '"
                  + variable.name()
                  + "' of shape "
                  + Shapes.toString(variable.shape())
                  + " needs "
                  + variable.size()
                  + " values, got "
                  + entry.getValue().length);
        }
        TFloat32 tensor =
            TFloat32.tensorOf(
                Shape.of(variable.shape()), DataBuffers.of(entry.getValue(), true, false));
        tensors.add(tensor);
        runner.feed(feeds.get(variable.name()), tensor).addTarget(assigns.get(variable.name()));
      }
      runner.run();
    } finally {
      tensors.forEach(org.tensorflow.Tensor::close);
    }
  }

  /** Reads the named variables' current values. */
  public Map<String, float[]> read(Session session, Collection<String> names) {
    Map<String, org.tensorflow.Operand<TFloat32>> operands = new LinkedHashMap<>();
    for (String name : names) {
      operands.put(name, get(name).variable());
    }
    return TensorValues.fetch(session, operands);
  }

  /** Reads every variable's current value. */
  public Map<String, float[]> readAll(Session session) {
    return read(session, Collections.unmodifiableSet(variables.keySet()));
  }
}
