package dev.tussle.gan.metrics;

import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.DataSet;
import dev.tussle.gan.data.Points;

/**
 * Evaluates generated samples against a data set with every metric that applies to it: the mode
 * metrics when the data set has modes, energy distance and sliced Wasserstein against as many
 * fresh real samples, and mean / std for 1-D data. This is what the trainer logs.
 *
 * <p>A diverged generator may produce NaN or infinite samples: they count as low quality in the
 * mode metrics, and the distances, which have no meaning then, are reported as NaN ({@code null}
 * in JSON) rather than failing the training run that asked.
 */
public final class LabMetrics {
    /** The number of generated samples the VEEGAN / PacGAN protocol evaluates. */
    public static final int DEFAULT_SAMPLE_COUNT = 2500;

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
        Moments fakeMoments = data.dim() == 1 ? Moments.of(column0(fake)) : null;
        Moments realMoments = data.dim() == 1 ? Moments.of(column0(real)) : null;
        return new MetricsReport(step, data.name(), fake.length, coverage, energy, sliced, fakeMoments, realMoments);
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
