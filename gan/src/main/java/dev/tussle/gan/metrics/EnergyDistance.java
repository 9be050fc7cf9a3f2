package dev.tussle.gan.metrics;

import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.Points;

/**
 * The energy distance between two sets of points (Székely and Rizzo):
 * E(A, B) = 2·mean|a − b| − mean|a − a'| − mean|b − b'|, each mean over all ordered pairs
 * (i = j included), with |·| the Euclidean norm.
 *
 * <p>Averaging over all pairs (the V-statistic) makes this the energy distance between the two
 * empirical distributions themselves: it is ≥ 0, and exactly 0 for two copies of the same set,
 * which the unbiased U-statistic (i ≠ j) is not. It costs O(n·m) distance evaluations.
 */
public final class EnergyDistance {
    private EnergyDistance() {
    }

    /**
     * The energy distance between the points of {@code a} [n, d] and {@code b} [m, d].
     *
     * @throws IllegalArgumentException if either set is empty or the dimensions differ
     */
    public static double between(Tensor a, Tensor b) {
        return between(Points.rows("EnergyDistance.between", a), Points.rows("EnergyDistance.between", b));
    }

    /** The energy distance between two sets of rows; see {@link #between(Tensor, Tensor)}. */
    public static double between(double[][] a, double[][] b) {
        PointSets.requireComparable("EnergyDistance.between", a, b);
        double cross = meanDistance(a, b);
        double withinA = meanDistance(a, a);
        double withinB = meanDistance(b, b);
        // Rounding can leave a tiny negative value for (nearly) identical sets.
        return Math.max(0.0, 2 * cross - withinA - withinB);
    }

    private static double meanDistance(double[][] a, double[][] b) {
        double sum = 0;
        for (double[] p : a) {
            double rowSum = 0;
            for (double[] q : b) {
                rowSum += PointSets.distance(p, q);
            }
            sum += rowSum;
        }
        return sum / ((double) a.length * b.length);
    }
}
