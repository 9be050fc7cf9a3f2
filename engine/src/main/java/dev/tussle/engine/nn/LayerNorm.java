package dev.tussle.engine.nn;

import dev.tussle.engine.DType;
import dev.tussle.engine.Tensor;

/**
 * Layer normalization over the last axis (Ba et al. 2016):
 * {@code y = (x − mean) / √(var + ε) · γ + β}, with the mean and biased variance of each row
 * {@code x[..., :]}. It behaves the same in training and evaluation.
 */
public final class LayerNorm extends Module {
    private final int features;
    private final double eps;
    private final Tensor weight;
    private final Tensor bias;

    /** Float32, ε = 1e−5, learnable γ (ones) and β (zeros). */
    public LayerNorm(int features) {
        this(features, 1e-5, DType.F32);
    }

    /**
     * A layer over rows of width {@code features} with learnable γ (ones) and β (zeros) of {@code dtype}.
     *
     * @throws IllegalArgumentException for a non-positive width or ε
     */
    public LayerNorm(int features, double eps, DType dtype) {
        if (features <= 0 || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: needs features > 0 and eps > 0, got features=" + features
                    + ", eps=" + eps);
        }
        this.features = features;
        this.eps = eps;
        this.weight = registerParameter("weight", Tensor.ones(dtype, features));
        this.bias = registerParameter("bias", Tensor.zeros(dtype, features));
    }

    /**
     * Normalizes each row of {@code x: [..., features]}.
     *
     * @throws IllegalArgumentException when the last dimension is not {@code features}
     */
    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() == 0 || x.shape().dim(-1) != features) {
            throw new IllegalArgumentException("LayerNorm.forward: input shape " + x.shape() + " does not end in "
                    + features);
        }
        Tensor mean = x.mean(-1, true);
        Tensor var = x.variance(new int[] {-1}, true, 0);
        return x.sub(mean).div(var.add(eps).sqrt()).mul(weight).add(bias);
    }

    @Override
    public String describe() {
        return "LayerNorm(" + features + ", eps=" + eps + ")";
    }
}
