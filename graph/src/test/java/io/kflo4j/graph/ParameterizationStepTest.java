package io.kflo4j.graph;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One training step changes every variable of the baselines (on Cifar-quick, VGG16, WRN-10-1) and
 * of the seed papers' parameterizations (on Cifar-quick and WRN-10-1).
 */
class ParameterizationStepTest {

  static Stream<Arguments> models() {
    Stream<Arguments> baselines =
        Stream.of("cifar-quick", "vgg16", "wrn-10-1")
            .flatMap(
                arch -> Stream.of("acnet", "doconv").map(reparam -> Arguments.of(arch, reparam)));
    Stream<Arguments> seedPapers =
        Stream.of("cifar-quick", "wrn-10-1")
            .flatMap(
                arch ->
                    Stream.of(
                            "dirac",
                            "symmetric:triangular",
                            "symmetric:average",
                            "shared-basis:8+2",
                            "repeat:2")
                        .map(reparam -> Arguments.of(arch, reparam)));
    return Stream.concat(baselines, seedPapers);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("models")
  void trainingStepRunsAndChangesEveryTrainableVariable(String arch, String reparam) {
    ModelTest.assertOneStepChangesEveryVariable(arch, reparam);
  }
}
