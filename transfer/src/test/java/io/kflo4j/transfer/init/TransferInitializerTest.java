package io.kflo4j.transfer.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kflo4j.graph.layers.BatchNorm;
import io.kflo4j.graph.layers.KernelLayer;
import io.kflo4j.graph.variables.ModelVariable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("numerics")
class TransferInitializerTest {

  /**
   * Distinct trained sources: every batch norm's gamma, beta and moving statistics differ between
   * them.
   */
  private static List<SourceModel> sources(int count, int classes) {
    List<SourceModel> sources = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      try (ModelFixture source = new ModelFixture("cifar-quick", classes, "plain", 100 + i)) {
        source.trainSteps(2, 200 + i);
        sources.add(source.asSource("m" + (i + 1)));
      }
    }
    return sources;
  }

  @ParameterizedTest(name = "N={0} into kflo:2x{1}")
  @CsvSource({"1, 1", "2, 2", "4, 4", "1, 4", "2, 3", "4, 6"})
  void stacksSourceKernelsIntoW1Blocks(int n, int width) {
    List<SourceModel> sources = sources(n, 10);
    try (ModelFixture target = new ModelFixture("cifar-quick", 100, "kflo:2x" + width, 7)) {
      Map<String, float[]> fresh = target.model.variables().readAll(target.session);
      new TransferInitializer(sources).initialize(target.model, target.session);
      Map<String, float[]> after = target.model.variables().readAll(target.session);
      for (KernelLayer layer : target.model.kernelLayers()) {
        String w1 = layer.name() + "_kflo_w1";
        int out = layer.shape().outChannels();
        int rows = (int) layer.shape().fanIn();
        assertEquals((long) rows * width * out, after.get(w1).length, w1);
        boolean classifier = layer.name().equals("fc2");
        for (int r = 0; r < rows; r++) {
          for (int block = 0; block < width; block++) {
            for (int c = 0; c < out; c++) {
              float actual = after.get(w1)[(r * width + block) * out + c];
              float expected =
                  classifier || block >= n
                      ? fresh.get(w1)[(r * width + block) * out + c]
                      : sources.get(block).variables().get(layer.name() + "_kernel")[r * out + c];
              assertEquals(expected, actual, w1 + " row " + r + " block " + block + " col " + c);
            }
          }
        }
        assertArrayEquals(
            fresh.get(layer.name() + "_kflo_w2"),
            after.get(layer.name() + "_kflo_w2"),
            "cascade of " + layer.name() + " stays identity");
      }
      // fc1's b1 blocks hold the sources' biases.
      for (int block = 0; block < n; block++) {
        float[] b1 = after.get("fc1_kflo_b1");
        float[] expected = sources.get(block).variables().get("fc1_bias");
        for (int c = 0; c < 64; c++) {
          assertEquals(expected[c], b1[block * 64 + c]);
        }
      }
      for (BatchNorm bn : target.model.batchNorms()) {
        for (ModelVariable variable : bn.variables()) {
          String name = variable.name();
          assertArrayEquals(
              sources.get(0).variables().get(name),
              after.get(name),
              name + " from the first source");
          assertTrue(
              ModelFixture.maxAbsDiff(fresh.get(name), after.get(name)) > 1e-4,
              name + " must change from its init");
          if (n > 1) {
            assertTrue(
                ModelFixture.maxAbsDiff(sources.get(1).variables().get(name), after.get(name))
                    > 1e-4,
                name + " must not be the second source's");
          }
        }
      }
    }
  }

  @Test
  void transferredNetworkComputesTheFirstSourcesFeatures() {
    float[] batch = ModelFixture.randomImages(6, 3);
    try (ModelFixture first = new ModelFixture("cifar-quick", 10, "plain", 1);
        ModelFixture second = new ModelFixture("cifar-quick", 10, "plain", 2);
        ModelFixture target = new ModelFixture("cifar-quick", 100, "kflo:2x2", 9)) {
      first.trainSteps(3, 11);
      second.trainSteps(3, 12);
      new TransferInitializer(List.of(first.asSource("m1"), second.asSource("m2")))
          .initialize(target.model, target.session);
      float[] expected = first.features(batch);
      float[] actual = target.features(batch);
      assertEquals(6 * 64, actual.length);
      assertTrue(
          ModelFixture.maxAbsDiff(expected, actual) <= 1e-4,
          "features differ by " + ModelFixture.maxAbsDiff(expected, actual));
      assertFalse(
          ModelFixture.maxAbsDiff(second.features(batch), actual) <= 1e-4,
          "must follow the first source");
    }
  }

  @ParameterizedTest(name = "N={0} into kflo:{1}x{2}")
  @CsvSource({"2, 2, 2", "3, 2, 4", "4, 3, 4"})
  void averageStackingStartsEveryGeneratedKernelAsTheSourcesMean(int n, int depth, int width) {
    List<SourceModel> sources = sources(n, 10);
    try (ModelFixture target =
        new ModelFixture("cifar-quick", 10, "kflo:" + depth + "x" + width, 7)) {
      new TransferInitializer(sources, Stacking.AVERAGE).initialize(target.model, target.session);
      Map<String, float[]> deployed = target.model.deployedValues(target.session);
      assertEquals(sources.get(0).variables().keySet(), deployed.keySet());
      for (String name : deployed.keySet()) {
        float[] mean = new float[deployed.get(name).length];
        for (SourceModel source : sources) {
          float[] value = source.variables().get(name);
          for (int i = 0; i < mean.length; i++) {
            mean[i] += value[i] / n;
          }
        }
        assertTrue(
            ModelFixture.maxAbsDiff(mean, deployed.get(name)) <= 1e-6,
            name
                + " differs from the sources' mean by "
                + ModelFixture.maxAbsDiff(mean, deployed.get(name)));
        assertTrue(
            ModelFixture.maxAbsDiff(sources.get(0).variables().get(name), deployed.get(name))
                > 1e-4,
            name + " must not be the first source's");
      }
    }
  }

  @Test
  void alignedStackingAveragesSourcesPermutedToMatchTheFirst() {
    try (ModelFixture first = new ModelFixture("cifar-quick", 10, "plain", 1);
        ModelFixture target = new ModelFixture("cifar-quick", 100, "kflo:2x2", 7)) {
      first.trainSteps(2, 3);
      SourceModel m1 = first.asSource("m1");
      // The second source is the first with its hidden units shuffled: aligned, the mean is the
      // first itself.
      int[][] shuffle = WeightMatchingTest.randomPermutations(first.model.kernelLayers(), 5);
      SourceModel m2 =
          new SourceModel(
              "m2",
              "cifar-quick",
              10,
              WeightMatching.permute(first.model, m1.variables(), shuffle),
              m1.shapes());
      new TransferInitializer(List.of(m1, m2), Stacking.ALIGNED)
          .initialize(target.model, target.session);
      Map<String, float[]> deployed = target.model.deployedValues(target.session);
      for (String name : deployed.keySet()) {
        if (!name.startsWith("fc2")) {
          assertTrue(
              ModelFixture.maxAbsDiff(m1.variables().get(name), deployed.get(name)) <= 1e-6, name);
        }
      }
      float[] batch = ModelFixture.randomImages(4, 6);
      assertTrue(
          ModelFixture.maxAbsDiff(first.features(batch), target.features(batch)) <= 1e-4,
          "features of the first");
      assertEquals(
          "--stacking aligned matches the units of sequential architectures [cifar-quick, vgg16], not"
              + " wrn-10-1: use --stacking first or average",
          assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      new TransferInitializer(List.of(m1, m2), Stacking.ALIGNED)
                          .validate(io.kflo4j.graph.ModelSpec.of("wrn-10-1", 100, "kflo:2x2")))
              .getMessage());
    }
  }

  /**
   * {@code first-aligned}: the second source is the first with its hidden units shuffled; matched
   * by activations on images, its block of every W1 becomes the first's block again, and the
   * network computes the first source. A random matching leaves the blocks apart and still starts
   * as the first.
   */
  @Test
  void firstAlignedStacksTheAlignedSourcesBehindTheFirst() {
    try (ModelFixture first = new ModelFixture("cifar-quick", 10, "plain", 1);
        ModelFixture target = new ModelFixture("cifar-quick", 100, "kflo:2x2", 7);
        ModelFixture control = new ModelFixture("cifar-quick", 100, "kflo:2x2", 7)) {
      first.trainSteps(2, 3);
      SourceModel m1 = first.asSource("m1");
      int[][] shuffle = WeightMatchingTest.randomPermutations(first.model.kernelLayers(), 5);
      Map<String, float[]> shuffled = WeightMatching.permute(first.model, m1.variables(), shuffle);
      SourceModel m2 = new SourceModel("m2", "cifar-quick", 10, shuffled, m1.shapes());
      io.kflo4j.datasets.batch.BatchStream stream =
          io.kflo4j.datasets.batch.BatchStream.builder(
                  io.kflo4j.datasets.core.ImageSet.random(64, 10, 4))
              .batchSize(32)
              .seed(1)
              .shuffle(false)
              .augmentation(io.kflo4j.datasets.batch.Augmentation.none())
              .normalization(io.kflo4j.datasets.batch.Normalization.standard())
              .dropLast(false)
              .prefetch(1)
              .build();
      List<io.kflo4j.datasets.batch.Batch> batches = new java.util.ArrayList<>();
      try (io.kflo4j.datasets.batch.BatchIterator epoch = stream.openEpoch(1)) {
        epoch.forEachRemaining(batches::add);
      }
      new TransferInitializer(
              List.of(m1, m2), Stacking.FIRST_ALIGNED, new ActivationMatching(batches))
          .initialize(target.model, target.session);
      new TransferInitializer(List.of(m1, m2), Stacking.FIRST_ALIGNED, UnitAlignment.random(3))
          .initialize(control.model, control.session);
      Map<String, float[]> values = target.model.variables().readAll(target.session);
      Map<String, float[]> controlValues = control.model.variables().readAll(control.session);
      for (io.kflo4j.graph.layers.KernelLayer layer : target.model.kernelLayers()) {
        if (layer.name().equals("fc2")) {
          continue;
        }
        int out = layer.shape().outChannels();
        int rows = Math.toIntExact(layer.shape().fanIn());
        float[] w1 = values.get(layer.name() + "_kflo_w1");
        float[] controlW1 = controlValues.get(layer.name() + "_kflo_w1");
        float blocksApart = 0;
        float controlApart = 0;
        for (int r = 0; r < rows; r++) {
          for (int o = 0; o < out; o++) {
            blocksApart =
                Math.max(blocksApart, Math.abs(w1[r * 2 * out + o] - w1[r * 2 * out + out + o]));
            controlApart =
                Math.max(
                    controlApart,
                    Math.abs(controlW1[r * 2 * out + o] - controlW1[r * 2 * out + out + o]));
          }
        }
        assertEquals(0f, blocksApart, layer.name() + ": the aligned block is the first's");
        assertTrue(controlApart > 1e-3, layer.name() + ": a random matching keeps them apart");
      }
      float[] batch = ModelFixture.randomImages(4, 6);
      assertTrue(ModelFixture.maxAbsDiff(first.features(batch), target.features(batch)) <= 1e-4);
      assertTrue(ModelFixture.maxAbsDiff(first.features(batch), control.features(batch)) <= 1e-4);
      assertEquals(Stacking.FIRST_ALIGNED, Stacking.parse("first-aligned"));
    }
  }

  @Test
  void theClassifierIsReusedOnlyForTheSameClassesByName() {
    SourceModel trained = sources(1, 10).get(0);
    List<String> cifar10 =
        List.of(
            "airplane",
            "automobile",
            "bird",
            "cat",
            "deer",
            "dog",
            "frog",
            "horse",
            "ship",
            "truck");
    SourceModel source =
        new SourceModel("m1", "cifar-quick", 10, trained.variables(), trained.shapes(), cifar10);
    List<String> tenOthers = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    try (ModelFixture target = new ModelFixture("cifar-quick", 10, "plain", 3)) {
      Map<String, float[]> fresh = target.model.variables().readAll(target.session);
      new TransferInitializer(List.of(source))
          .withTargetClasses(tenOthers)
          .initialize(target.model, target.session);
      Map<String, float[]> other = target.model.variables().readAll(target.session);
      assertArrayEquals(
          fresh.get("fc2_kernel"), other.get("fc2_kernel"), "a new classifier for other classes");
      assertArrayEquals(
          source.variables().get("fc1_kernel"), other.get("fc1_kernel"), "the backbone transfers");
      new TransferInitializer(List.of(source))
          .withTargetClasses(cifar10)
          .initialize(target.model, target.session);
      Map<String, float[]> same = target.model.variables().readAll(target.session);
      assertArrayEquals(
          source.variables().get("fc2_kernel"),
          same.get("fc2_kernel"),
          "the same classes reuse it");
    }
  }

  @Test
  void stackingParsesItsSpecsAndNamesTheAcceptedOnes() {
    assertEquals(Stacking.FIRST, Stacking.parse("first"));
    assertEquals(Stacking.AVERAGE, Stacking.parse(" Average "));
    assertEquals(Stacking.ALIGNED, Stacking.parse("aligned"));
    assertEquals(Stacking.FIRST_ALIGNED, Stacking.parse("first-aligned"));
    assertEquals(Stacking.BEST_FIRST, Stacking.parse("best-first"));
    assertEquals(Stacking.BEST, Stacking.parse("best"));
    assertEquals(
        io.kflo4j.transfer.TransferJob.STACKING_DEFAULT,
        Stacking.parse(io.kflo4j.transfer.TransferJob.STACKING_DEFAULT_SPEC));
    assertEquals(
        List.of(4, 4, 1, 0),
        List.of(
            Stacking.BEST_FIRST.stackedCount(4),
            Stacking.FIRST.stackedCount(4),
            Stacking.BEST.stackedCount(4),
            Stacking.BEST.stackedCount(0)));
    assertEquals(
        "unknown stacking 'mean': expected one of first, average, aligned, first-aligned, best-first, best",
        assertThrows(IllegalArgumentException.class, () -> Stacking.parse("mean")).getMessage());
  }

  @Test
  void batchNormFoldedSourcesAreRefusedBeforeAnythingRuns() {
    try (ModelFixture source = new ModelFixture("cifar-quick", 10, "plain", 4);
        ModelFixture target = new ModelFixture("cifar-quick", 100, "kflo:2x2", 5)) {
      source.trainSteps(2, 13);
      SourceModel unfolded = source.asSource("m1");
      Map<String, float[]> folded = new LinkedHashMap<>(unfolded.variables());
      Map<String, long[]> shapes = new LinkedHashMap<>(unfolded.shapes());
      for (KernelLayer layer : source.model.kernelLayers()) {
        layer
            .batchNorm()
            .ifPresent(
                bn -> {
                  for (ModelVariable variable : bn.variables()) {
                    folded.remove(variable.name());
                    shapes.remove(variable.name());
                  }
                  folded.put(layer.name() + "_bias", new float[layer.shape().outChannels()]);
                  shapes.put(layer.name() + "_bias", new long[] {layer.shape().outChannels()});
                });
      }
      TransferInitializer initializer =
          new TransferInitializer(
              List.of(unfolded, new SourceModel("m2-folded", "cifar-quick", 10, folded, shapes)));
      String expected =
          "source m2-folded has its batch norms folded into the kernels (no conv1_bn_gamma); in training"
              + " mode batch statistics would undo the folded scale: transfer from an export made without --fold-bn";
      assertEquals(
          expected,
          assertThrows(
                  IncompatibleSourceException.class,
                  () -> initializer.validate(target.model.spec()))
              .getMessage());
      Map<String, float[]> before = target.model.variables().readAll(target.session);
      assertEquals(
          expected,
          assertThrows(
                  IncompatibleSourceException.class,
                  () -> initializer.initialize(target.model, target.session))
              .getMessage());
      Map<String, float[]> after = target.model.variables().readAll(target.session);
      before.forEach(
          (name, values) -> assertArrayEquals(values, after.get(name), name + " untouched"));
    }
  }

  @Test
  void plainTargetWithSeveralSourcesIsRefusedSayingWhatToDo() {
    List<SourceModel> two = sources(2, 10);
    try (ModelFixture target = new ModelFixture("cifar-quick", 100, "plain", 1)) {
      assertEquals(
          "a plain target holds one source model, got 2: stack them into a KFLO network with"
              + " --reparam kflo:2x2, let --stacking best pick one, or pass a single --from model",
          assertThrows(
                  IllegalArgumentException.class,
                  () -> new TransferInitializer(two).validate(target.model.spec()))
              .getMessage());
      new TransferInitializer(two.subList(0, 1)).validate(target.model.spec());
    }
  }

  /**
   * {@code best} starts the network from the first source alone (ranking put the best first): the
   * same values as {@code first} from that source, in a plain target as in a KFLO one, whatever the
   * other sources hold.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plain", "kflo:2x2"})
  void bestStartsFromTheFirstSourceAlone(String reparam) {
    List<SourceModel> two = sources(2, 10);
    try (ModelFixture target = new ModelFixture("cifar-quick", 100, reparam, 5)) {
      Map<String, float[]> fresh = target.model.variables().readAll(target.session);
      TransferInitializer best = new TransferInitializer(two, Stacking.BEST);
      best.validate(target.model.spec());
      Map<String, float[]> fromBest = best.transferredValues(target.model, fresh);
      Map<String, float[]> fromFirst =
          new TransferInitializer(two.subList(0, 1), Stacking.FIRST)
              .transferredValues(target.model, fresh);
      assertEquals(fromFirst.keySet(), fromBest.keySet());
      fromFirst.forEach((name, value) -> assertArrayEquals(value, fromBest.get(name), name));
      Map<String, float[]> fromSecond =
          new TransferInitializer(two.subList(1, 2), Stacking.FIRST)
              .transferredValues(target.model, fresh);
      assertTrue(
          ModelFixture.maxAbsDiff(
                  fromSecond.get(firstKernel(reparam)), fromBest.get(firstKernel(reparam)))
              > 1e-4,
          "the second source must not be in the network");
    }
  }

  private static String firstKernel(String reparam) {
    return reparam.equals("plain") ? "conv2_kernel" : "conv2_kflo_w1";
  }

  @Test
  void targetsWithoutSourceStackingAreRefusedSayingWhichCan() {
    for (String reparam : List.of("acnet", "doconv")) {
      try (ModelFixture target = new ModelFixture("cifar-quick", 100, reparam, 1)) {
        assertEquals(
            "transfer cannot start a "
                + reparam
                + " network from source models (its layers cannot hold"
                + " source kernels): use plain (one source) or kflo:BxR (R sources)",
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new TransferInitializer(sources(1, 10)).validate(target.model.spec()))
                .getMessage());
      }
    }
  }

  @Test
  void incompatibleSourcesAreRejectedNamingSourceLayerAndShapes() {
    List<SourceModel> good = sources(1, 10);
    SourceModel bad = good.get(0);
    Map<String, long[]> shapes = new LinkedHashMap<>(bad.shapes());
    shapes.put("conv2_kernel", new long[] {3, 3, 32, 32});
    SourceModel wrongShape = new SourceModel("m2", "cifar-quick", 10, bad.variables(), shapes);
    SourceModel wrongArch = new SourceModel("m3", "vgg16", 10, bad.variables(), bad.shapes());
    try (ModelFixture target = new ModelFixture("cifar-quick", 100, "kflo:2x2", 1)) {
      assertEquals(
          "source m2, layer conv2: conv2_kernel has shape [3, 3, 32, 32], the target needs [5, 5, 32, 32]",
          assertThrows(
                  IncompatibleSourceException.class,
                  () ->
                      new TransferInitializer(List.of(bad, wrongShape))
                          .initialize(target.model, target.session))
              .getMessage());
      assertEquals(
          "source m3 is a vgg16, the target is a cifar-quick",
          assertThrows(
                  IncompatibleSourceException.class,
                  () ->
                      new TransferInitializer(List.of(wrongArch))
                          .initialize(target.model, target.session))
              .getMessage());
      assertEquals(
          "kflo width R = 2 cannot hold 3 source models: use kflo:Bx3 or wider",
          assertThrows(
                  IllegalArgumentException.class,
                  () ->
                      new TransferInitializer(List.of(bad, bad, bad))
                          .initialize(target.model, target.session))
              .getMessage());
    }
  }
}
