package io.kflo4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kflo4j.datasets.core.ImageSet;
import io.kflo4j.training.config.TrainConfig;
import io.kflo4j.training.loop.TrainingData;
import io.kflo4j.training.loop.WeightInitializer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run resumes only on the classes it started with (a folder's class sub-folders can change
 * between runs).
 */
class TrainingResumeTest {
  @TempDir Path runs;

  @Test
  void resumingOnOtherClassesIsRefusedNamingBoth() throws Exception {
    TrainConfig config =
        TrainConfig.builder()
            .data(d -> d.dataset("folder:" + runs.resolve("pets")))
            .model(m -> m.arch("cifar-quick").reparam("plain"))
            .schedule(s -> s.epochs(1))
            .run(r -> r.seed(1).outDir(runs).runName("run").threads(1))
            .optimizer(o -> o.batchSize(32))
            .build();
    ImageSet images = ImageSet.random(32, 2, 1);
    ImageSet named = ImageSet.of(images.pixels(), images.labels(), List.of("cat", "dog"));
    Training.train(
        config, new TrainingData(named, named, "validation"), WeightInitializer.fromSeed());
    // Stopped after epoch 1 of 2: a finished run has nothing to resume and loads no data.
    config.toBuilder()
        .schedule(s -> s.epochs(2))
        .build()
        .write(config.runPath().resolve("config.json"));

    ImageSet renamed = ImageSet.of(images.pixels(), images.labels(), List.of("cat", "wolf"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Training.resume(
                    config.runPath(), new TrainingData(renamed, renamed, "validation")));
    assertEquals(
        "cannot resume "
            + config.runPath()
            + ": it started on the classes [cat, dog], folder:"
            + runs.resolve("pets")
            + " now has [cat, wolf]",
        e.getMessage());
    assertEquals(
        2,
        Training.resume(config.runPath(), new TrainingData(named, named, "validation"))
            .epochsDone());
  }
}
