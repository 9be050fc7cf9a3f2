package dev.tussle.gan.metrics;

import dev.tussle.engine.Tensor;
import dev.tussle.gan.data.Modes;
import dev.tussle.gan.data.Points;

/**
 * The mode-coverage metrics of VEEGAN and PacGAN for generated samples against known modes.
 *
 * <ul>
 *   <li>A sample is <em>high quality</em> when it lies within 3σ (Euclidean distance) of the
 *       mode centre nearest to it.</li>
 *   <li>A mode is <em>captured</em> when it is the nearest mode of at least one high-quality
 *       sample.</li>
 *   <li>The <em>reverse KL</em> is KL(p_gen ‖ p_true) = Σ_k p_k log(p_k / w_k) in nats, where p is
 *       the histogram of the high-quality samples over their nearest modes, normalised to sum to
 *       1, and w the true mode weights. This is the direction PacGAN reports ("reverse": the
 *       expectation is over the model). Modes with no high-quality sample have p_k = 0 and add
 *       nothing (0 log 0 = 0), which is why a collapsed generator can still score a small
 *       reverse KL: the number of captured modes is the metric that shows the collapse. A true
 *       weight w_k = 0 with p_k &gt; 0 gives +∞. With no high-quality sample at all the histogram
 *       does not exist and the reverse KL is NaN (written as {@code null} in JSON).</li>
 * </ul>
 *
 * @param sampleCount         the number of generated samples evaluated
 * @param totalModes          the number of true modes
 * @param modesCaptured       the number of modes nearest to at least one high-quality sample
 * @param highQualityFraction the fraction of samples within 3σ of their nearest mode, in [0, 1]
 * @param reverseKl           KL(p_gen ‖ p_true) in nats; NaN when no sample is high quality
 * @param highQualityCounts   per mode, the number of high-quality samples nearest to it
 */
public record ModeCoverage(int sampleCount, int totalModes, int modesCaptured, double highQualityFraction,
                           double reverseKl, int[] highQualityCounts) {

    /** The multiple of σ within which a sample counts as high quality (VEEGAN, PacGAN). */
    public static final double QUALITY_RADIUS_IN_SIGMAS = 3.0;

    /** Copies the counts so that the record stays immutable. */
    public ModeCoverage {
        highQualityCounts = highQualityCounts.clone();
    }

    /** Per mode, the number of high-quality samples nearest to it (a copy). */
    @Override
    public int[] highQualityCounts() {
        return highQualityCounts.clone();
    }

    /**
     * Evaluates samples given as a [n, d] tensor.
     *
     * @throws IllegalArgumentException if the samples are not [n, d] with d the modes' dimension,
     *                                  or n = 0
     */
    public static ModeCoverage evaluate(Tensor samples, Modes modes) {
        return evaluate(Points.rows("ModeCoverage.evaluate", samples), modes);
    }

    /** Evaluates samples given as rows; see {@link #evaluate(Tensor, Modes)}. */
    public static ModeCoverage evaluate(double[][] samples, Modes modes) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("ModeCoverage.evaluate: no samples to evaluate");
        }
        int[] counts = new int[modes.count()];
        double radius = QUALITY_RADIUS_IN_SIGMAS * modes.sigma();
        int highQuality = 0;
        for (int i = 0; i < samples.length; i++) {
            if (samples[i].length != modes.dim()) {
                throw new IllegalArgumentException("ModeCoverage.evaluate: sample " + i + " has " + samples[i].length
                        + " coordinates but the modes live in dimension " + modes.dim());
            }
            int k = modes.nearest(samples[i]);
            if (modes.distance(samples[i], k) <= radius) {
                counts[k]++;
                highQuality++;
            }
        }
        int captured = 0;
        for (int c : counts) {
            captured += c > 0 ? 1 : 0;
        }
        return new ModeCoverage(samples.length, modes.count(), captured, (double) highQuality / samples.length,
                reverseKl(counts, highQuality, modes.weights()), counts);
    }

    /** KL(p ‖ w) for p = counts / total, with the conventions of the class comment. */
    static double reverseKl(int[] counts, int total, double[] trueWeights) {
        if (total == 0) {
            return Double.NaN;
        }
        double kl = 0;
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == 0) {
                continue;
            }
            double p = (double) counts[k] / total;
            kl += p * Math.log(p / trueWeights[k]);
        }
        return kl;
    }

    /** This result as a JSON object. */
    public String toJson() {
        return new Json.ObjectWriter()
                .field("sampleCount", sampleCount)
                .field("totalModes", totalModes)
                .field("modesCaptured", modesCaptured)
                .field("highQualityFraction", highQualityFraction)
                .field("reverseKl", reverseKl)
                .field("highQualityCounts", highQualityCounts)
                .toString();
    }
}
