package dev.tussle.gan.model;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Shape;
import dev.tussle.engine.Tensor;

import java.util.Locale;

/** The distribution of a generator's latent noise z. */
public enum NoiseDistribution {
    /** Standard normal N(0, I). */
    GAUSSIAN,
    /** Uniform on [−1, 1)^d. */
    UNIFORM;

    /** {@code n} draws of dimension {@code dim}, float32 {@code [n, dim]}. */
    public Tensor sample(Rng rng, int n, int dim) {
        return sample(rng, DType.F32, n, dim);
    }

    /** {@code n} draws of dimension {@code dim} as {@code dtype} {@code [n, dim]} (the same draws for either dtype). */
    public Tensor sample(Rng rng, DType dtype, int n, int dim) {
        return switch (this) {
            case GAUSSIAN -> Tensor.randn(rng, dtype, 0, 1, Shape.of(n, dim));
            case UNIFORM -> Tensor.rand(rng, dtype, -1, 1, n, dim);
        };
    }

    /** The distribution called {@code name} ({@code gaussian} or {@code uniform}). */
    public static NoiseDistribution byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gaussian", "normal" -> GAUSSIAN;
            case "uniform" -> UNIFORM;
            default -> throw new IllegalArgumentException("noise: unknown distribution '" + name
                    + "'; allowed: gaussian, uniform");
        };
    }
}
