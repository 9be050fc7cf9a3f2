package dev.tussle.gan.metrics;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.Points;

/**
 * The sliced 1-Wasserstein distance: the mean, over random unit directions θ, of the exact 1-D
 * W1 between the projections ⟨a, θ⟩ and ⟨b, θ⟩. Directions are normalised Gaussian vectors
 * drawn from the given {@link Rng}, so the value is a deterministic function of the seed. In one
 * dimension every direction is ±1 and the result is the exact W1.
 */
public final class SlicedWasserstein {
    /** The number of projections used when none is given. */
    public static final int DEFAULT_PROJECTIONS = 64;

    private SlicedWasserstein() {
    }

    /**
     * The sliced W1 between {@code a} [n, d] and {@code b} [m, d] over {@code projections} directions.
     *
     * @throws IllegalArgumentException if either set is empty, the dimensions differ or
     *                                  {@code projections < 1}
     */
    public static double between(Tensor a, Tensor b, int projections, Rng rng) {
        return between(Points.rows("SlicedWasserstein.between", a), Points.rows("SlicedWasserstein.between", b),
                projections, rng);
    }

    /** The sliced W1 between two sets of rows; see {@link #between(Tensor, Tensor, int, Rng)}. */
    public static double between(double[][] a, double[][] b, int projections, Rng rng) {
        int d = PointSets.requireComparable("SlicedWasserstein.between", a, b);
        if (projections < 1) {
            throw new IllegalArgumentException("SlicedWasserstein.between: projections must be >= 1, got " + projections);
        }
        double sum = 0;
        for (int p = 0; p < projections; p++) {
            double[] direction = randomDirection(d, rng);
            sum += Wasserstein1D.between(project(a, direction), project(b, direction));
        }
        return sum / projections;
    }

    private static double[] randomDirection(int d, Rng rng) {
        double[] v = new double[d];
        double norm;
        do {
            norm = 0;
            for (int j = 0; j < d; j++) {
                v[j] = rng.nextGaussian();
                norm += v[j] * v[j];
            }
        } while (norm == 0); // a zero vector has no direction; redraw (probability ~0)
        norm = Math.sqrt(norm);
        for (int j = 0; j < d; j++) {
            v[j] /= norm;
        }
        return v;
    }

    private static double[] project(double[][] points, double[] direction) {
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            double s = 0;
            for (int j = 0; j < direction.length; j++) {
                s += points[i][j] * direction[j];
            }
            out[i] = s;
        }
        return out;
    }
}
