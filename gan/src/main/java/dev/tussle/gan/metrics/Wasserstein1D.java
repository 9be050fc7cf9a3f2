package dev.tussle.gan.metrics;

import java.util.Arrays;

/**
 * The exact 1-Wasserstein distance between two empirical distributions on the real line, of any
 * sizes: W1 = ∫ |F_a(t) − F_b(t)| dt, computed by one sweep over the merged sorted values in
 * O((n + m) log(n + m)). For equal sizes it equals the mean of |a_(i) − b_(i)| over the sorted
 * values.
 */
public final class Wasserstein1D {
    private Wasserstein1D() {
    }

    /**
     * W1 between the empirical distributions of {@code a} and {@code b}.
     *
     * @throws IllegalArgumentException if either is empty or holds a non-finite value
     */
    public static double between(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("Wasserstein1D.between: both samples must be non-empty, got "
                    + a.length + " and " + b.length + " values");
        }
        double[] x = sortedFinite(a, "first");
        double[] y = sortedFinite(b, "second");
        int i = 0;
        int j = 0;
        double distance = 0;
        double previous = Math.min(x[0], y[0]);
        // Between consecutive breakpoints both CDFs are constant: add |F_a − F_b| × width.
        while (i < x.length || j < y.length) {
            double next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
            distance += Math.abs((double) i / x.length - (double) j / y.length) * (next - previous);
            while (i < x.length && x[i] == next) {
                i++;
            }
            while (j < y.length && y[j] == next) {
                j++;
            }
            previous = next;
        }
        return distance;
    }

    private static double[] sortedFinite(double[] values, String which) {
        double[] out = values.clone();
        for (int k = 0; k < out.length; k++) {
            if (!Double.isFinite(out[k])) {
                throw new IllegalArgumentException("Wasserstein1D.between: value " + k + " of the " + which
                        + " sample is " + out[k]);
            }
        }
        Arrays.sort(out);
        return out;
    }
}
