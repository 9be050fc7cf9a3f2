package dev.tussle.gan.metrics;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.data.FiniteDataSet;
import dev.tussle.gan.data.Points;
import java.util.Arrays;

/**
 * Evaluates generated samples against a data set with every metric that applies to it: the mode
 * metrics when the data set has modes, energy distance and sliced Wasserstein against as many
 * fresh real samples, and mean / std for 1-D data. This is what the trainer logs.
 *
 * <p>The exact 1-Wasserstein distance ({@link ExactWasserstein}, an optimal assignment, O(n³))
 * is taken on the first n = min(samples, {@link #EXACT_WASSERSTEIN_MAX_SAMPLES}) generated
 * samples: the distance between two empirical measures of n points, so it carries their sampling
 * noise (compare runs at equal n). It compares them with the first n of the real samples the other
 * distances use, except for a {@link FiniteDataSet} of N ≤ n points: there the target is exactly the
 * uniform distribution on those N points, so the reference is the N points themselves, each
 * repeated k = ⌊n / N⌋ times, against the first kN generated samples. Real draws with replacement
 * would add a second sampling noise (which points were drawn how often) to the generator's own,
 * and repeating the points keeps kN &gt; n / 2 generated samples in play where the first N alone
 * could be as few as five. Neither rule draws from the random generator: the other metrics are
 * unchanged by this one, and equal seeds give equal reports.
 *
 * <p>A diverged generator may produce NaN or infinite samples: they count as low quality in the
 * mode metrics, and the distances, which have no meaning then, are reported as NaN ({@code null}
 * in JSON) rather than failing the training run that asked.
 */
public final class LabMetrics {
    /** The number of generated samples the VEEGAN / PacGAN protocol evaluates. */
    public static final int DEFAULT_SAMPLE_COUNT = 2500;

    /**
     * The most generated samples the exact 1-Wasserstein distance is computed on (the first ones,
     * when there are more): the assignment is O(n³). Measured on the 2-core development machine (JDK 25, 2-D points, one
     * call, after warm-up): n = 250 takes 4–6 ms, 500 takes 19–28 ms, 1000 takes 88–224 ms. Ties
     * slow the assignment down: against a finite data set of 5 points repeated to n it takes
     * 77–122 ms at n = 500 and 620–670 ms at n = 1000. 500 keeps an evaluation well under a second
     * in every case.
     */
    public static final int EXACT_WASSERSTEIN_MAX_SAMPLES = 500;

    private LabMetrics() {
    }

    /**
     * Evaluates {@code generated} [n, d] against {@code data}. The real samples and the slicing
     * directions are drawn from {@code rng}, so equal seeds give equal reports.
     *
     * @throws IllegalArgumentException if the samples are empty or their dimension is not the data set's
     */
    public static MetricsReport evaluate(long step, DataSet data, Tensor generated, Rng rng) {
        double[][] fake = Points.rows("LabMetrics.evaluate", generated);
        if (fake.length == 0) {
            throw new IllegalArgumentException("LabMetrics.evaluate: no generated samples for " + data.name());
        }
        if (fake[0].length != data.dim()) {
            throw new IllegalArgumentException("LabMetrics.evaluate: generated samples have dimension " + fake[0].length
                    + " but " + data.name() + " has dimension " + data.dim());
        }
        double[][] real = Points.rows("LabMetrics.evaluate", data.sample(rng, fake.length));
        ModeCoverage coverage = data.modes().map(m -> ModeCoverage.evaluate(fake, m)).orElse(null);
        boolean finite = allFinite(fake);
        double energy = finite ? EnergyDistance.between(fake, real) : Double.NaN;
        double sliced = finite ? SlicedWasserstein.between(fake, real, SlicedWasserstein.DEFAULT_PROJECTIONS, rng) : Double.NaN;
        double exact = finite ? exactWasserstein(data, fake, real) : Double.NaN;
        Moments fakeMoments = data.dim() == 1 ? Moments.of(column0(fake)) : null;
        Moments realMoments = data.dim() == 1 ? Moments.of(column0(real)) : null;
        return new MetricsReport(step, data.name(), fake.length, coverage, energy, sliced, exact, fakeMoments,
                realMoments);
    }

    /** The exact W1 by the rule of the class comment. */
    private static double exactWasserstein(DataSet data, double[][] allFake, double[][] allReal) {
        int n = Math.min(allFake.length, EXACT_WASSERSTEIN_MAX_SAMPLES);
        double[][] fake = Arrays.copyOf(allFake, n);
        double[][] real = Arrays.copyOf(allReal, n);
        if (data instanceof FiniteDataSet finite && finite.size() <= n) {
            double[][] points = Points.rows("LabMetrics.evaluate", finite.points());
            double[][] reference = new double[n / points.length * points.length][];
            for (int i = 0; i < reference.length; i++) {
                reference[i] = points[i % points.length];
            }
            return ExactWasserstein.between(Arrays.copyOf(fake, reference.length), reference);
        }
        return ExactWasserstein.between(fake, real);
    }

    private static boolean allFinite(double[][] rows) {
        for (double[] row : rows) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static double[] column0(double[][] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][0];
        }
        return out;
    }
}
