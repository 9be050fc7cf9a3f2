package dev.tussle.gan.metrics;

import java.util.Arrays;

/**
 * The Hungarian algorithm (Kuhn–Munkres) for the square assignment problem: the permutation σ
 * that minimises Σ_i cost[i][σ(i)], in O(n³).
 *
 * <p>This is the shortest-augmenting-path form with row and column potentials u, v kept so that
 * u[i] + v[j] ≤ cost[i][j] everywhere, with equality on the matching: rows are added one at a
 * time, and each addition grows a Dijkstra-like tree over the reduced costs until it reaches a
 * free column, then flips the path. When every row is matched, the potentials prove optimality.
 */
public final class Hungarian {
    private Hungarian() {
    }

    /**
     * An optimal assignment for the n×n cost matrix.
     *
     * @return {@code assignment[i]} = the column given to row i
     * @throws IllegalArgumentException if the matrix is not square or holds a non-finite cost
     */
    public static int[] solve(double[][] cost) {
        int n = cost.length;
        for (int i = 0; i < n; i++) {
            if (cost[i].length != n) {
                throw new IllegalArgumentException("Hungarian.solve: cost matrix must be square; row " + i + " has "
                        + cost[i].length + " entries but there are " + n + " rows");
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(cost[i][j])) {
                    throw new IllegalArgumentException("Hungarian.solve: cost[" + i + "][" + j + "] is " + cost[i][j]);
                }
            }
        }
        // 1-based arrays: index 0 is the virtual column/row the augmenting tree starts from.
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] rowOfColumn = new int[n + 1];
        int[] previousColumn = new int[n + 1];
        double[] minSlack = new double[n + 1];
        boolean[] used = new boolean[n + 1];
        for (int row = 1; row <= n; row++) {
            rowOfColumn[0] = row;
            int column = 0;
            Arrays.fill(minSlack, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[column] = true;
                int i0 = rowOfColumn[column];
                double delta = Double.POSITIVE_INFINITY;
                int nextColumn = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double reduced = cost[i0 - 1][j - 1] - u[i0] - v[j];
                        if (reduced < minSlack[j]) {
                            minSlack[j] = reduced;
                            previousColumn[j] = column;
                        }
                        if (minSlack[j] < delta) {
                            delta = minSlack[j];
                            nextColumn = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minSlack[j] -= delta;
                    }
                }
                column = nextColumn;
            } while (rowOfColumn[column] != 0);
            do {
                int prev = previousColumn[column];
                rowOfColumn[column] = rowOfColumn[prev];
                column = prev;
            } while (column != 0);
        }
        int[] assignment = new int[n];
        for (int j = 1; j <= n; j++) {
            assignment[rowOfColumn[j] - 1] = j - 1;
        }
        return assignment;
    }

    /** The total cost Σ_i cost[i][assignment[i]] of an assignment. */
    public static double totalCost(double[][] cost, int[] assignment) {
        double total = 0;
        for (int i = 0; i < assignment.length; i++) {
            total += cost[i][assignment[i]];
        }
        return total;
    }
}
