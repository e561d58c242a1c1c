package io.kflo4j.graph.variables;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Fetches float tensors from a session into Java arrays. */
public final class TensorValues {
  private TensorValues() {}

  /** Evaluates the operands in one run and copies each into a new array, keyed like the input. */
  public static Map<String, float[]> fetch(
      Session session, Map<String, ? extends Operand<TFloat32>> operands) {
    Map<String, float[]> values = new LinkedHashMap<>();
    if (operands.isEmpty()) {
      return values;
    }
    Session.Runner runner = session.runner();
    List<String> names = List.copyOf(operands.keySet());
    names.forEach(name -> runner.fetch(operands.get(name)));
    try (Result result = runner.run()) {
      for (int i = 0; i < names.size(); i++) {
        values.put(names.get(i), copy((TFloat32) result.get(i)));
      }
    }
    return values;
  }

  /** Copies a float tensor into a new flat array (row-major). */
  public static float[] copy(TFloat32 tensor) {
    float[] array = new float[Math.toIntExact(tensor.shape().size())];
    tensor.copyTo(DataBuffers.of(array, false, false));
    return array;
  }
}
