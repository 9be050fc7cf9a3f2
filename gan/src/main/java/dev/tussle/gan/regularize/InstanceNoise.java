package dev.tussle.gan.regularize;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;

/**
 * Instance noise (Sønderby et al.; Arjovsky and Bottou): Gaussian noise added to every input the
 * discriminator sees, real and generated alike, so that the two distributions overlap. The
 * standard deviation decays linearly from {@code sigma} at step 0 to 0 at {@code annealSteps}
 * (constant when {@code annealSteps} is 0).
 *
 * @param sigma       the initial standard deviation (&gt;= 0)
 * @param annealSteps steps over which it decays to 0; 0 for no decay
 */
public record InstanceNoise(double sigma, long annealSteps) {

    public InstanceNoise {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("instance noise: sigma must be finite and >= 0, got " + sigma);
        }
        if (annealSteps < 0) {
            throw new IllegalArgumentException("instance noise: annealSteps must be >= 0, got " + annealSteps);
        }
    }

    /** The standard deviation at {@code step}. */
    public double sigmaAt(long step) {
        if (annealSteps == 0) {
            return sigma;
        }
        return sigma * Math.max(0.0, 1.0 - (double) step / annealSteps);
    }

    /** {@code x} plus N(0, sigmaAt(step)²) noise drawn from {@code rng}; {@code x} itself if that is 0. */
    public Tensor apply(Tensor x, long step, Rng rng) {
        if (sigmaAt(step) == 0) {
            return x;
        }
        return x.add(draw(x.dtype(), step, rng, x.shape().dims()));
    }

    /**
     * The noise {@link #apply} would add to an input of shape {@code dims}, drawn from {@code rng}
     * the same way, or null (nothing drawn) when the standard deviation at {@code step} is 0.
     */
    public Tensor draw(DType dtype, long step, Rng rng, int... dims) {
        double s = sigmaAt(step);
        return s == 0 ? null : Tensor.randn(rng, dtype, 0, s, dims);
    }
}
