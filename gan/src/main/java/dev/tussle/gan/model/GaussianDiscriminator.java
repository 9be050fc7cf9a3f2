package dev.tussle.gan.model;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.nn.Module;

/**
 * The Gaussian discriminator of the stability essay, d(x) = exp(−(W·x + b)²): a bump that can
 * sit exactly on the data, unlike a sigmoid, whose asymptotes destabilize tiny GANs.
 *
 * <p>Its forward returns the logit of d, log d − log(1 − d) = −u² − log(−expm1(−u²)) with
 * u = W·x + b, so that every objective written on logits (log-sigmoid forms) applies to it
 * unchanged and stays exact where d is close to 0 or 1.
 */
public final class GaussianDiscriminator extends Module {
    private final Tensor weight;
    private final Tensor bias;

    /** W of shape {@code [dim, 1]} drawn from N(0, 1), b = 0 (float32). */
    public GaussianDiscriminator(int dim, Rng rng) {
        this(dim, DType.F32, rng);
    }

    /** W of shape {@code [dim, 1]} drawn from N(0, 1), b = 0, of {@code dtype}. */
    public GaussianDiscriminator(int dim, DType dtype, Rng rng) {
        this(Tensor.randn(rng, dtype, 0, 1, dim, 1), Tensor.zeros(dtype, 1));
    }

    /** A discriminator with the given W {@code [dim, 1]} and b {@code [1]} (owned, not copied). */
    public GaussianDiscriminator(Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || weight.shape().dim(1) != 1 || !bias.shape().equals(dev.tussle.engine.Shape.of(1))
                || weight.dtype() != bias.dtype()) {
            throw new IllegalArgumentException("GaussianDiscriminator: weight must be [dim, 1] and bias [1] of one "
                    + "dtype, got " + weight.dtype() + " " + weight.shape() + " and " + bias.dtype() + " " + bias.shape());
        }
        this.weight = registerParameter("weight", weight);
        this.bias = registerParameter("bias", bias);
    }

    /** The logit of d(x), shape {@code [n, 1]}. */
    @Override
    public Tensor forward(Tensor x) {
        Tensor s = x.matmul(weight).add(bias).square();
        return s.neg().sub(s.neg().expm1().neg().log());
    }

    /** d(x) itself, in (0, 1]. */
    public Tensor probability(Tensor x) {
        return x.matmul(weight).add(bias).square().neg().exp();
    }

    @Override
    public String describe() {
        return "GaussianDiscriminator(" + weight.shape().dim(0) + ")";
    }
}
