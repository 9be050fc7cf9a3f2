package dev.tussle.gan.data;

import dev.tussle.engine.Rng;

/**
 * The 2-D swiss roll of the toy-GAN literature (WGAN-GP's toy experiments): with t uniform in
 * [1.5π, 4.5π], the point (t cos t, t sin t) / scale plus isotropic Gaussian noise. The default
 * scale 7.5 keeps the roll within about [−1.7, 1.7]², and the default noise 0.25 / 7.5 matches
 * scikit-learn's {@code make_swiss_roll(noise=0.25)} after the same scaling.
 */
public final class SwissRoll implements DataSet {
    /** The divisor that brings the roll to about unit size. */
    public static final double DEFAULT_SCALE = 7.5;
    /** The noise standard deviation after scaling. */
    public static final double DEFAULT_NOISE = 0.25 / 7.5;

    private final double scale;
    private final double noise;

    /**
     * A swiss roll with the given scale and noise.
     *
     * @param scale the divisor applied to (t cos t, t sin t), finite and &gt; 0
     * @param noise the standard deviation of the added noise, finite and ≥ 0
     */
    public SwissRoll(double scale, double noise) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("SwissRoll: scale must be finite and > 0, got " + scale);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("SwissRoll: noise must be finite and >= 0, got " + noise);
        }
        this.scale = scale;
        this.noise = noise;
    }

    /** The swiss roll with the default scale and noise. */
    public SwissRoll() {
        this(DEFAULT_SCALE, DEFAULT_NOISE);
    }

    @Override
    public String name() {
        return "swiss-roll";
    }

    @Override
    public int dim() {
        return 2;
    }

    @Override
    public void drawPoint(Rng rng, double[] out) {
        double t = 1.5 * Math.PI * (1 + 2 * rng.nextDouble());
        out[0] = t * StrictMath.cos(t) / scale;
        out[1] = t * StrictMath.sin(t) / scale;
        if (noise > 0) {
            out[0] += noise * rng.nextGaussian();
            out[1] += noise * rng.nextGaussian();
        }
    }
}
