package dev.tussle.gan.regularize;

import dev.tussle.engine.Autodiff;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Penalties on the norm of the discriminator's input gradient. Each returns a scalar tensor
 * that is part of the graph (the input gradient is taken with {@code createGraph}), so adding it
 * to the discriminator's loss and calling backward differentiates through the gradient.
 * Norms are per sample: the L2 norm over the feature axis of a {@code [n, d]} batch.
 */
public final class GradientPenalties {
    private GradientPenalties() {
    }

    /** The per-sample input-gradient norms of {@code d} at {@code x} ({@code [n, d]} → {@code [n]}). */
    public static Tensor inputGradientNorms(UnaryOperator<Tensor> d, Tensor x) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException("gradient penalty: samples must be [n, features], got shape " + x.shape());
        }
        Tensor at = x.detach().requiresGrad(true);
        Tensor out = d.apply(at);
        Tensor grad = Autodiff.grad(List.of(out.sum()), List.of(at), null, true, true).get(0);
        return grad.norm(1, false);
    }

    /**
     * WGAN-GP (Gulrajani et al.): λ·E[(‖∇D(x̂)‖ − 1)²] at x̂ = ε·real + (1 − ε)·fake with one
     * ε ~ U[0, 1) per sample; with {@code oneSided}, only norms above 1 are penalized:
     * λ·E[max(0, ‖∇D(x̂)‖ − 1)²].
     */
    public static Tensor wganGp(UnaryOperator<Tensor> d, Tensor real, Tensor fake, Rng rng, double lambda,
                                boolean oneSided) {
        if (!real.shape().equals(fake.shape())) {
            throw new IllegalArgumentException("gradient penalty: real " + real.shape() + " and fake " + fake.shape()
                    + " batches must have the same shape");
        }
        Tensor eps = Tensor.rand(rng, real.dtype(), 0, 1, real.shape().dim(0), 1);
        Tensor mixed = real.detach().mul(eps).add(fake.detach().mul(eps.neg().add(1.0)));
        Tensor excess = inputGradientNorms(d, mixed).sub(1.0);
        if (oneSided) {
            excess = excess.relu();
        }
        return excess.square().mean().mul(lambda);
    }

    /** R1 (Mescheder et al.): (γ/2)·E_real[‖∇D(x)‖²], on real samples. */
    public static Tensor r1(UnaryOperator<Tensor> d, Tensor real, double gamma) {
        return squaredNormPenalty(d, real, gamma);
    }

    /** R2: (γ/2)·E_fake[‖∇D(x)‖²], the same penalty on generated samples. */
    public static Tensor r2(UnaryOperator<Tensor> d, Tensor fake, double gamma) {
        return squaredNormPenalty(d, fake, gamma);
    }

    private static Tensor squaredNormPenalty(UnaryOperator<Tensor> d, Tensor x, double gamma) {
        return inputGradientNorms(d, x).square().mean().mul(gamma / 2);
    }
}
