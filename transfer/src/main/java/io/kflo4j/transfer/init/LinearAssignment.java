package io.kflo4j.transfer.init;

import java.util.Arrays;

/**
 * The linear assignment problem on a square matrix (the Hungarian algorithm with potentials,
 * O(n^3)): the permutation that maximizes the total similarity.
 */
final class LinearAssignment {
  private LinearAssignment() {}

  /**
   * The permutation {@code p} maximizing {@code sum_i similarity[i][p[i]]}.
   *
   * @param similarity an n x n matrix of finite values
   * @return {@code p[i]}: the column assigned to row i
   */
  static int[] maximize(double[][] similarity) {
    int n = similarity.length;
    // Minimizes cost = -similarity; 1-based arrays with a virtual column 0, as in the classic
    // formulation.
    double[] rowPotential = new double[n + 1];
    double[] columnPotential = new double[n + 1];
    int[] rowOfColumn = new int[n + 1];
    int[] way = new int[n + 1];
    for (int row = 1; row <= n; row++) {
      if (similarity[row - 1].length != n) {
        throw new IllegalArgumentException(
            "similarity must be square, row "
                + (row - 1)
                + " has "
                + similarity[row - 1].length
                + " columns, expected "
                + n);
      }
      rowOfColumn[0] = row;
      int column = 0;
      double[] minimum = new double[n + 1];
      Arrays.fill(minimum, Double.POSITIVE_INFINITY);
      boolean[] used = new boolean[n + 1];
      do {
        used[column] = true;
        int currentRow = rowOfColumn[column];
        double delta = Double.POSITIVE_INFINITY;
        int nextColumn = 0;
        for (int j = 1; j <= n; j++) {
          if (!used[j]) {
            double reduced =
                -similarity[currentRow - 1][j - 1] - rowPotential[currentRow] - columnPotential[j];
            if (reduced < minimum[j]) {
              minimum[j] = reduced;
              way[j] = column;
            }
            if (minimum[j] < delta) {
              delta = minimum[j];
              nextColumn = j;
            }
          }
        }
        for (int j = 0; j <= n; j++) {
          if (used[j]) {
            rowPotential[rowOfColumn[j]] += delta;
            columnPotential[j] -= delta;
          } else {
            minimum[j] -= delta;
          }
        }
        column = nextColumn;
      } while (rowOfColumn[column] != 0);
      do {
        int previous = way[column];
        rowOfColumn[column] = rowOfColumn[previous];
        column = previous;
      } while (column != 0);
    }
    int[] assignment = new int[n];
    for (int j = 1; j <= n; j++) {
      assignment[rowOfColumn[j] - 1] = j - 1;
    }
    return assignment;
  }
}
