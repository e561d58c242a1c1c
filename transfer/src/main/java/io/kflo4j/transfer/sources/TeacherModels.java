package io.kflo4j.transfer.sources;

import io.kflo4j.graph.ModelSpec;
import io.kflo4j.training.config.Distillation;
import io.kflo4j.training.loop.Teacher;
import io.kflo4j.transfer.init.SourceModel;
import java.nio.file.Path;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Reads the teachers of a distillation: exported kflo4j models read as transfer reads its sources
 * (their variables only, nothing of their graphs runs), each checked to classify the run's classes.
 */
public final class TeacherModels {
  private static final Logger LOG = LogManager.getLogger(TeacherModels.class);

  private TeacherModels() {}

  /**
   * The teachers {@code distillation} names, for a run with {@code classNames}.
   *
   * @throws IllegalArgumentException naming the teacher whose classes differ from the run's
   */
  public static List<Teacher> load(Distillation distillation, List<String> classNames) {
    return load(distillation.teachers(), classNames);
  }

  /** The teachers in {@code directories}, for a run with {@code classNames}. */
  public static List<Teacher> load(List<Path> directories, List<String> classNames) {
    List<SourceModel> models = SourceModels.load(directories, "--distill-from", LOG::warn);
    return models.stream().map(model -> teacher(model, classNames)).toList();
  }

  private static Teacher teacher(SourceModel model, List<String> classNames) {
    if (model.numClasses() != classNames.size()) {
      throw new IllegalArgumentException(
          "teacher "
              + model.name()
              + " classifies "
              + model.numClasses()
              + " classes, the run has "
              + classNames.size()
              + ": a teacher must know the target's classes (fine-tune it on the target first:"
              + " kflo transfer --from SOURCE --reparam plain)");
    }
    if (!model.classNames().isEmpty() && !model.classNames().equals(classNames)) {
      throw new IllegalArgumentException(
          "teacher "
              + model.name()
              + " has the classes "
              + abbreviate(model.classNames())
              + ", the run "
              + abbreviate(classNames)
              + ": a teacher must know the target's classes, in its order");
    }
    return new Teacher(
        model.name(),
        ModelSpec.of(model.architecture(), model.numClasses(), "plain"),
        model.variables());
  }

  private static String abbreviate(List<String> names) {
    return names.size() <= 5
        ? names.toString()
        : names.subList(0, 5).toString().replace("]", ", ... (" + names.size() + ")]");
  }

  /** The teachers' directories, as the run's metadata records them. */
  public static List<String> names(List<Path> teachers) {
    return teachers.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
  }
}
