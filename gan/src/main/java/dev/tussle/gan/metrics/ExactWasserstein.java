package dev.tussle.gan.metrics;

import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.Points;

/**
 * The exact 1-Wasserstein distance between two point sets of equal size n with uniform weights:
 * min over permutations σ of (1/n) Σ_i |a_i − b_σ(i)|, Euclidean. For uniform weights and equal
 * sizes an optimal transport plan can always be taken to be a permutation (Birkhoff–von Neumann),
 * so the {@link Hungarian} assignment gives the exact value. O(n³): meant for n up to a few
 * hundred; larger inputs are refused rather than left to run for minutes.
 */
public final class ExactWasserstein {
    /** The largest set size accepted. */
    public static final int MAX_POINTS = 1000;

    private ExactWasserstein() {
    }

    /**
     * W1 between the points of {@code a} and {@code b}, both [n, d].
     *
     * @throws IllegalArgumentException if the sizes differ, exceed {@link #MAX_POINTS}, are 0,
     *                                  or the dimensions differ
     */
    public static double between(Tensor a, Tensor b) {
        return between(Points.rows("ExactWasserstein.between", a), Points.rows("ExactWasserstein.between", b));
    }

    /** W1 between two sets of rows; see {@link #between(Tensor, Tensor)}. */
    public static double between(double[][] a, double[][] b) {
        PointSets.requireComparable("ExactWasserstein.between", a, b);
        if (a.length != b.length) {
            throw new IllegalArgumentException("ExactWasserstein.between: needs sets of equal size, got " + a.length
                    + " and " + b.length + " points");
        }
        if (a.length > MAX_POINTS) {
            throw new IllegalArgumentException("ExactWasserstein.between: " + a.length + " points exceed the limit of "
                    + MAX_POINTS + " (O(n^3)); subsample or use SlicedWasserstein");
        }
        double[][] cost = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                cost[i][j] = PointSets.distance(a[i], b[j]);
            }
        }
        return Hungarian.totalCost(cost, Hungarian.solve(cost)) / a.length;
    }
}
