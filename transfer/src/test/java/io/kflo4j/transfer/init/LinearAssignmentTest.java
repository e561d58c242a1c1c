package io.kflo4j.transfer.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearAssignmentTest {

  @Test
  void findsTheBestOfEveryPermutationOnSmallMatrices() {
    Random random = new Random(4);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(6);
      double[][] similarity = new double[n][n];
      for (double[] row : similarity) {
        for (int j = 0; j < n; j++) {
          row[j] = random.nextGaussian();
        }
      }
      int[] assignment = LinearAssignment.maximize(similarity);
      assertEquals(
          bruteForceBest(similarity, new int[n], new boolean[n], 0),
          total(similarity, assignment),
          1e-9,
          "trial " + trial);
    }
  }

  @Test
  void recoversAHiddenPermutation() {
    int n = 300;
    Random random = new Random(9);
    int[] hidden = new int[n];
    for (int i = 0; i < n; i++) {
      hidden[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = hidden[i];
      hidden[i] = hidden[j];
      hidden[j] = t;
    }
    double[][] similarity = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        similarity[i][j] = 0.1 * random.nextGaussian() + (hidden[i] == j ? 1 : 0);
      }
    }
    assertArrayEquals(hidden, LinearAssignment.maximize(similarity));
  }

  private static double total(double[][] similarity, int[] assignment) {
    double sum = 0;
    for (int i = 0; i < assignment.length; i++) {
      sum += similarity[i][assignment[i]];
    }
    return sum;
  }

  private static double bruteForceBest(
      double[][] similarity, int[] partial, boolean[] used, int row) {
    if (row == similarity.length) {
      return total(similarity, partial);
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < similarity.length; j++) {
      if (!used[j]) {
        used[j] = true;
        partial[row] = j;
        best = Math.max(best, bruteForceBest(similarity, partial, used, row + 1));
        used[j] = false;
      }
    }
    return best;
  }
}
