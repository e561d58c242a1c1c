package io.kflo4j.graph;

import static io.kflo4j.graph.GraphFixture.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.core.Mode;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.reparam.KfloParameterization;
import io.kflo4j.graph.reparam.PlainParameterization;
import io.kflo4j.graph.variables.ModelVariable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The checks for every architecture with plain, kflo:2x4 and kflo:3x2. */
@Tag("slow")
@Tag("numerics")
class ModelTest {
  private static final int CLASSES = 10;
  private static final int BATCH = 4;
  private static final java.util.regex.Pattern CASCADE_KERNEL =
      java.util.regex.Pattern.compile(".*_kflo_w([2-9]|\\d{2,})");

  static Stream<Arguments> models() {
    return Stream.of("cifar-quick", "vgg16", "wrn-10-1")
        .flatMap(
            arch ->
                Stream.of("plain", "kflo:2x4", "kflo:3x2")
                    .map(reparam -> Arguments.of(arch, reparam)));
  }

  static Stream<Arguments> plainAndKfloModels() {
    return models();
  }

  static Stream<Arguments> kfloModels() {
    return plainAndKfloModels().filter(a -> !a.get()[1].equals("plain"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("plainAndKfloModels")
  void trainingStepRunsAndChangesEveryTrainableVariable(String arch, String reparam) {
    assertOneStepChangesEveryVariable(arch, reparam);
  }

  /**
   * One SGD step of {@code arch} with {@code reparam} changes every variable (moving statistics
   * included).
   */
  static void assertOneStepChangesEveryVariable(String arch, String reparam) {
    try (GraphFixture fixture = new GraphFixture(ModelSpec.of(arch, CLASSES, reparam), 7)) {
      Map<String, float[]> before = fixture.model.variables().readAll(fixture.session);
      fixture.runTrainStep(GraphFixture.randomImages(BATCH, 1), new int[] {0, 1, 2, 3}, 0.1f);
      Map<String, float[]> after = fixture.model.variables().readAll(fixture.session);
      for (ModelVariable variable : fixture.model.variables().all()) {
        float change = maxAbsDiff(before.get(variable.name()), after.get(variable.name()));
        assertTrue(
            change > 0,
            variable.name() + " (" + variable.role() + ") did not change after one step");
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("kfloModels")
  void collapsedKernelEqualsJavaProduct(String arch, String reparam) {
    try (GraphFixture fixture = new GraphFixture(ModelSpec.of(arch, CLASSES, reparam), 11)) {
      KfloParameterization kflo = (KfloParameterization) fixture.model.spec().parameterization();
      Random random = new Random(3);
      Map<String, float[]> randomCascades = new HashMap<>();
      for (ModelVariable variable : fixture.model.variables().all()) {
        if (CASCADE_KERNEL.matcher(variable.name()).matches()) {
          float[] values = new float[variable.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.1);
          }
          randomCascades.put(variable.name(), values);
        }
      }
      fixture.model.variables().assign(fixture.session, randomCascades);
      Map<String, float[]> variables = fixture.model.variables().readAll(fixture.session);
      Map<String, float[]> deployed = fixture.model.deployedValues(fixture.session);
      for (KernelLayer layer : fixture.model.kernelLayers()) {
        String name = layer.name();
        int out = layer.shape().outChannels();
        int wide = kflo.width() * out;
        // filter = W2 . W3 ... WB, computed left to right in double precision.
        double[][] filter =
            matrix(
                variables.get(KfloParameterization.cascadeKernelName(name, 2)),
                wide,
                kflo.depth() == 2 ? out : wide);
        for (int index = 3; index <= kflo.depth(); index++) {
          int cols = index == kflo.depth() ? out : wide;
          filter =
              multiply(
                  filter,
                  matrix(
                      variables.get(KfloParameterization.cascadeKernelName(name, index)),
                      wide,
                      cols));
        }
        int rows = (int) layer.shape().fanIn();
        double[][] expected =
            multiply(
                matrix(variables.get(KfloParameterization.filteredKernelName(name)), rows, wide),
                filter);
        float[] actual = deployed.get(PlainParameterization.kernelName(name));
        assertEquals(rows * out, actual.length, name);
        float maxDiff = 0;
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < out; c++) {
            maxDiff = (float) Math.max(maxDiff, Math.abs(expected[r][c] - actual[r * out + c]));
          }
        }
        assertTrue(
            maxDiff <= 1e-5,
            name + ": collapsed kernel differs from the Java product by " + maxDiff);
        if (layer.shape().hasBias()) {
          double[][] expectedBias =
              multiply(
                  matrix(variables.get(KfloParameterization.filteredBiasName(name)), 1, wide),
                  filter);
          float[] actualBias = deployed.get(PlainParameterization.biasName(name));
          for (int c = 0; c < out; c++) {
            assertEquals(expectedBias[0][c], actualBias[c], 1e-5, name + " bias " + c);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("kfloModels")
  void identityCascadesWithPlainKernelsInFirstBlockGivePlainLogits(String arch, String reparam) {
    ModelSpec kfloSpec = ModelSpec.of(arch, CLASSES, reparam);
    KfloParameterization kflo = (KfloParameterization) kfloSpec.parameterization();
    float[] batch = GraphFixture.randomImages(BATCH, 5);
    try (GraphFixture plain =
            new GraphFixture(kfloSpec.withParameterization(new PlainParameterization()), 21);
        GraphFixture widened = new GraphFixture(kfloSpec, 22)) {
      // Non-trivial batch-norm statistics in the plain model first.
      plain.runTrainStep(
          GraphFixture.randomImages(8, 9), new int[] {0, 1, 2, 3, 4, 5, 6, 7}, 0.05f);
      Map<String, float[]> plainValues = plain.model.variables().readAll(plain.session);
      Map<String, float[]> widenedValues = widened.model.variables().readAll(widened.session);
      Map<String, float[]> assignments = new HashMap<>();
      for (KernelLayer layer : widened.model.kernelLayers()) {
        String name = layer.name();
        int out = layer.shape().outChannels();
        int wide = kflo.width() * out;
        float[] w1 = widenedValues.get(KfloParameterization.filteredKernelName(name));
        float[] kernel = plainValues.get(PlainParameterization.kernelName(name));
        int rows = (int) layer.shape().fanIn();
        for (int r = 0; r < rows; r++) {
          System.arraycopy(kernel, r * out, w1, r * wide, out);
        }
        assignments.put(KfloParameterization.filteredKernelName(name), w1);
        if (layer.shape().hasBias()) {
          float[] b1 = widenedValues.get(KfloParameterization.filteredBiasName(name));
          System.arraycopy(plainValues.get(PlainParameterization.biasName(name)), 0, b1, 0, out);
          assignments.put(KfloParameterization.filteredBiasName(name), b1);
        }
      }
      for (ModelVariable variable : widened.model.variables().all()) {
        if (plainValues.containsKey(variable.name())) {
          assignments.put(variable.name(), plainValues.get(variable.name()));
        }
      }
      widened.model.variables().assign(widened.session, assignments);
      float[] expected = plain.logits(Mode.INFERENCE, batch);
      float[] actual = widened.logits(Mode.INFERENCE, batch);
      assertEquals(BATCH * CLASSES, actual.length);
      assertTrue(
          maxAbsDiff(expected, actual) <= 1e-5, "logits differ by " + maxAbsDiff(expected, actual));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("plainAndKfloModels")
  void parameterCountsMatchIndependentCounts(String arch, String reparam) {
    try (GraphFixture fixture = new GraphFixture(ModelSpec.of(arch, CLASSES, reparam), 1)) {
      List<long[]> layers = IndependentLayerTable.layers(arch, CLASSES);
      long deployed = IndependentLayerTable.batchNormParameters(arch);
      long train = deployed;
      int depth = reparam.equals("plain") ? 1 : reparam.charAt(5) - '0';
      int width = reparam.equals("plain") ? 1 : reparam.charAt(7) - '0';
      for (long[] layer : layers) {
        long fanIn = layer[0];
        long out = layer[1];
        boolean bias = layer[2] == 1;
        deployed += fanIn * out + (bias ? out : 0);
        if (depth == 1) {
          train += fanIn * out + (bias ? out : 0);
        } else {
          long wide = width * out;
          train += fanIn * wide + (depth - 2) * wide * wide + wide * out + (bias ? wide : 0);
        }
      }
      assertEquals(layers.size(), fixture.model.kernelLayers().size());
      assertEquals(deployed, fixture.model.deployedParameterCount());
      assertEquals(train, fixture.model.trainParameterCount());
      try (GraphFixture plain = new GraphFixture(ModelSpec.of(arch, CLASSES, "plain"), 1)) {
        assertEquals(plain.model.trainParameterCount(), fixture.model.deployedParameterCount());
        Map<String, long[]> deployedShapes = fixture.model.deployedShapes();
        assertEquals(plain.model.variables().all().size(), deployedShapes.size());
        for (ModelVariable variable : plain.model.variables().all()) {
          assertArrayEquals(variable.shape(), deployedShapes.get(variable.name()), variable.name());
        }
      }
    }
  }

  private static double[][] matrix(float[] values, int rows, int cols) {
    assertEquals(rows * cols, values.length);
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = values[r * cols + c];
      }
    }
    return m;
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    double[][] product = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < b.length; k++) {
        double aik = a[i][k];
        for (int j = 0; j < b[0].length; j++) {
          product[i][j] += aik * b[k][j];
        }
      }
    }
    return product;
  }
}
