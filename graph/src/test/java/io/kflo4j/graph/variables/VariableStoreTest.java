package io.kflo4j.graph.variables;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class VariableStoreTest {

  @Test
  void assignsAndReadsBackByName() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      VariableStore store = new VariableStore(Ops.create(graph));
      store.create("w", new long[] {2, 3}, VariableRole.KERNEL, Initializer.constant(0.5f));
      store.create("b", new long[] {3}, VariableRole.BIAS, Initializer.constant(0f));
      store.initialize(session, 1);
      assertArrayEquals(
          new float[] {0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f},
          store.read(session, List.of("w")).get("w"));
      store.assign(session, Map.of("b", new float[] {1, 2, 3}));
      assertArrayEquals(new float[] {1, 2, 3}, store.readAll(session).get("b"));
    }
  }

  @Test
  void rejectsBadNamesDuplicatesAndWrongLengths() {
    try (Graph graph = new Graph();
        Session session = new Session(graph)) {
      VariableStore store = new VariableStore(Ops.create(graph));
      store.create("conv1_kernel", new long[] {2}, VariableRole.KERNEL, Initializer.constant(0f));
      assertEquals(
          "variable name 'conv1/kernel' is not flat: expected [a-z][a-z0-9_]*",
          assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      store.create(
                          "conv1/kernel",
                          new long[] {1},
                          VariableRole.BIAS,
                          Initializer.constant(0f)))
              .getMessage());
      assertEquals(
          "variable name 'conv1_kernel' is used twice",
          assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      store.create(
                          "conv1_kernel",
                          new long[] {1},
                          VariableRole.BIAS,
                          Initializer.constant(0f)))
              .getMessage());
      assertEquals(
          "variable 'conv1_kernel' of shape [2] needs 2 values, got 3",
          assertThrows(
                  IllegalArgumentException.class,
                  () -> store.assign(session, Map.of("conv1_kernel", new float[3])))
              .getMessage());
      assertEquals(
          "no variable named 'fc9_kernel'",
          assertThrows(IllegalArgumentException.class, () -> store.get("fc9_kernel")).getMessage());
    }
  }

  @Test
  void initialValuesDependOnSeedAndNameOnly() {
    try (Graph graph = new Graph()) {
      VariableStore store = new VariableStore(Ops.create(graph));
      store.create("a", new long[] {100}, VariableRole.KERNEL, Initializer.pytorchDefault(4));
      store.create("b", new long[] {100}, VariableRole.KERNEL, Initializer.pytorchDefault(4));
      Map<String, float[]> first = store.initialValues(42);
      assertArrayEquals(first.get("a"), store.initialValues(42).get("a"));
      assertFalse(Arrays.equals(first.get("a"), first.get("b")));
      assertFalse(Arrays.equals(first.get("a"), store.initialValues(43).get("a")));
      for (float v : first.get("a")) {
        // bound 1/sqrt(4)
        assertEquals(0, v, 0.5);
      }
    }
  }

  @Test
  void identityKeepsTheFirstColumns() {
    float[] identity = Initializer.identity().values(new long[] {4, 2}, new SplittableRandom(1));
    assertArrayEquals(new float[] {1, 0, 0, 1, 0, 0, 0, 0}, identity);
  }
}
