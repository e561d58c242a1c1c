package io.kflo4j.savedmodels;

import io.kflo4j.savedmodels.core.SavedModelException;
import io.kflo4j.savedmodels.trust.GraphPolicy;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.types.TString;

/**
 * A TensorFlow session over exactly the meta graph that {@link GraphPolicy} checked: its {@code
 * GraphDef}, already in memory, is imported into a fresh graph, and its saver's restore op runs
 * with the model's checkpoint prefix fed. Nothing is read from {@code saved_model.pb} again, so a
 * file swapped after the check never runs; and no main op, init op or asset runs (a checked graph
 * has none). Restoring reads only the variables' values from {@code variables/}.
 */
final class CheckedSession implements AutoCloseable {
  private final Graph graph;
  private final Session session;

  private CheckedSession(Graph graph, Session session) {
    this.graph = graph;
    this.session = session;
  }

  /**
   * Imports {@code metaGraph} (checked by the caller) and restores the variables of the model in
   * {@code directory}.
   *
   * @throws SavedModelException naming the directory when the graph has no saver, cannot be
   *     imported, or its variables cannot be restored ({@link VariablesCheckpoint#describe})
   */
  static CheckedSession open(MetaGraphDef metaGraph, Path directory) {
    SaverDef saver = metaGraph.getSaverDef();
    if (saver.getRestoreOpName().isEmpty() || saver.getFilenameTensorName().isEmpty()) {
      throw new SavedModelException(
          "cannot load SavedModel " + directory + ": its graph has no saver to restore variables");
    }
    Graph graph = new Graph();
    Session session = null;
    try {
      graph.importGraphDef(metaGraph.getGraphDef());
      session = new Session(graph);
      try (TString prefix =
          TString.scalarOf(directory.resolve(SavedModelFiles.VARIABLES_PREFIX).toString())) {
        session
            .runner()
            .feed(saver.getFilenameTensorName(), prefix)
            .addTarget(saver.getRestoreOpName())
            .run();
      } catch (TensorFlowException e) {
        throw new SavedModelException(VariablesCheckpoint.describe(directory, e), e);
      }
      return new CheckedSession(graph, session);
    } catch (IllegalArgumentException | TensorFlowException e) {
      close(graph, session);
      throw new SavedModelException(
          "cannot load SavedModel " + directory + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close(graph, session);
      throw e;
    }
  }

  /** The imported graph. */
  Graph graph() {
    return graph;
  }

  /** The session, variables restored. */
  Session session() {
    return session;
  }

  @Override
  public void close() {
    close(graph, session);
  }

  private static void close(Graph graph, Session session) {
    if (session != null) {
      session.close();
    }
    graph.close();
  }
}
