package dev.tussle.gan.data;

import java.util.Arrays;

/**
 * The modes of a data set as the VEEGAN / PacGAN metrics see them: mode centres, the
 * probability of each mode under the true distribution, and one length scale σ (a generated
 * sample within 3σ of its nearest centre counts as high quality).
 *
 * <p>Instances are immutable: the arrays are copied in and out.
 */
public final class Modes {
    private final double[][] centres;
    private final double[] weights;
    private final double sigma;

    /**
     * Modes with the given centres, weights and scale.
     *
     * @param centres one row per mode, all of the same length d ≥ 1
     * @param weights one non-negative finite weight per mode, not all zero; normalised here
     * @param sigma   the mode scale, finite and &gt; 0
     * @throws IllegalArgumentException naming the problem if any of these is violated
     */
    public Modes(double[][] centres, double[] weights, double sigma) {
        if (centres.length == 0) {
            throw new IllegalArgumentException("Modes: at least one centre is needed");
        }
        if (weights.length != centres.length) {
            throw new IllegalArgumentException("Modes: " + centres.length + " centres but " + weights.length + " weights");
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("Modes: sigma must be finite and > 0, got " + sigma);
        }
        int d = centres[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("Modes: centres must have at least one coordinate");
        }
        double total = 0;
        for (int i = 0; i < centres.length; i++) {
            if (centres[i].length != d) {
                throw new IllegalArgumentException("Modes: centre " + i + " has " + centres[i].length
                        + " coordinates but centre 0 has " + d);
            }
            for (double c : centres[i]) {
                if (!Double.isFinite(c)) {
                    throw new IllegalArgumentException("Modes: centre " + i + " " + Arrays.toString(centres[i]) + " is not finite");
                }
            }
            if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("Modes: weight " + i + " is " + weights[i] + "; weights must be finite and >= 0");
            }
            total += weights[i];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("Modes: weights " + Arrays.toString(weights) + " sum to 0");
        }
        this.centres = new double[centres.length][];
        this.weights = new double[weights.length];
        for (int i = 0; i < centres.length; i++) {
            this.centres[i] = centres[i].clone();
            this.weights[i] = weights[i] / total;
        }
        this.sigma = sigma;
    }

    /** Modes of equal weight. */
    public static Modes uniform(double[][] centres, double sigma) {
        double[] w = new double[centres.length];
        Arrays.fill(w, 1.0);
        return new Modes(centres, w, sigma);
    }

    /** Number of modes. */
    public int count() {
        return centres.length;
    }

    /** Dimension of a centre. */
    public int dim() {
        return centres[0].length;
    }

    /** A copy of centre {@code i}. */
    public double[] centre(int i) {
        return centres[i].clone();
    }

    /** A copy of all centres, one row per mode. */
    public double[][] centres() {
        double[][] out = new double[centres.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = centres[i].clone();
        }
        return out;
    }

    /** The normalised weights (they sum to 1). */
    public double[] weights() {
        return weights.clone();
    }

    /** The mode scale σ. */
    public double sigma() {
        return sigma;
    }

    /** The index of the centre nearest to {@code point} in Euclidean distance (lowest index on ties). */
    public int nearest(double[] point) {
        if (point.length != dim()) {
            throw new IllegalArgumentException("Modes.nearest: point has " + point.length
                    + " coordinates but the modes live in dimension " + dim());
        }
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < centres.length; i++) {
            double dist = squaredDistance(point, centres[i]);
            if (dist < bestDistance) {
                bestDistance = dist;
                best = i;
            }
        }
        return best;
    }

    /** The Euclidean distance from {@code point} to centre {@code i}. */
    public double distance(double[] point, int i) {
        return Math.sqrt(squaredDistance(point, centres[i]));
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }

    @Override
    public String toString() {
        return "Modes[" + count() + " in R^" + dim() + ", sigma=" + sigma + "]";
    }
}
