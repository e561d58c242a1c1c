package io.kflo4j.savedmodels.trust;

/** How far kflo4j trusts a SavedModel's graph (see {@link GraphPolicy}). */
public enum ModelTrust {
  /**
   * The default: the graph may run only when it is kflo4j's plain inference graph; anything else is
   * refused on load, before TensorFlow sees the graph.
   */
  CHECKED,
  /**
   * Variables only: the checkpoint is read into a fresh graph and the file's graph never runs,
   * whatever it holds (transfer learning). What the graph holds beyond the plain inference graph is
   * reported, not refused.
   */
  VARIABLES_ONLY,
  /**
   * The user's {@code --trust-model}: the graph runs whatever it holds, main and init ops included.
   */
  TRUSTED
}
