package dev.tussle.gan.model;

import dev.tussle.engine.DType;
import dev.tussle.engine.Rng;
import dev.tussle.engine.Tensor;
import dev.tussle.engine.nn.Activation;
import dev.tussle.engine.nn.Init;
import dev.tussle.engine.nn.Linear;
import dev.tussle.engine.nn.Mlp;
import dev.tussle.engine.nn.Module;

/**
 * A generator: latent noise of a chosen dimension and distribution, mapped to samples by a
 * network.
 *
 * @param network  maps {@code [n, noiseDim]} to {@code [n, outputDim]}
 * @param noiseDim the latent dimension
 * @param noise    the latent distribution
 * @param dtype    the dtype of the noise (that of the network's parameters)
 */
public record Generator(Module network, int noiseDim, NoiseDistribution noise, DType dtype) {

    public Generator {
        if (noiseDim <= 0) {
            throw new IllegalArgumentException("Generator: noise dimension must be positive, got " + noiseDim);
        }
    }

    /** A float32 generator. */
    public Generator(Module network, int noiseDim, NoiseDistribution noise) {
        this(network, noiseDim, noise, DType.F32);
    }

    /**
     * An MLP generator {@code noiseDim → hidden... → outputDim} with the given hidden activation
     * and a linear output.
     */
    public static Generator mlp(int noiseDim, int[] hidden, int outputDim, Activation activation,
                                NoiseDistribution noise, Rng rng) {
        return mlp(noiseDim, hidden, outputDim, activation, noise, DType.F32, rng);
    }

    /** {@link #mlp(int, int[], int, Activation, NoiseDistribution, Rng)} with parameters and noise of {@code dtype}. */
    public static Generator mlp(int noiseDim, int[] hidden, int outputDim, Activation activation,
                                NoiseDistribution noise, DType dtype, Rng rng) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = noiseDim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = outputDim;
        return new Generator(Mlp.of(sizes).hidden(activation).output(Activation.identity()).dtype(dtype).build(rng),
                noiseDim, noise, dtype);
    }

    /**
     * The stability essay's generator g(z) = W·z + b, one linear map from Gaussian noise of the
     * samples' dimension (in 1-D: one weight and one bias), float32.
     */
    public static Generator affine(int dim, Rng rng) {
        return affine(dim, dim, NoiseDistribution.GAUSSIAN, DType.F32, rng);
    }

    /**
     * g(z) = W·z + b from {@code noise} of dimension {@code noiseDim} to {@code outputDim}, with
     * parameters and noise of {@code dtype}, initialized as a {@link Linear} layer.
     */
    public static Generator affine(int noiseDim, int outputDim, NoiseDistribution noise, DType dtype, Rng rng) {
        return new Generator(new Linear(noiseDim, outputDim, Init.uniformFanIn(), Init.uniformFanIn(), dtype, rng),
                noiseDim, noise, dtype);
    }

    /** Draws latent noise {@code [n, noiseDim]}. */
    public Tensor noise(Rng rng, int n) {
        return noise.sample(rng, dtype, n, noiseDim);
    }

    /** G(z). */
    public Tensor forward(Tensor z) {
        return network.forward(z);
    }

    /** {@code n} samples G(z) with fresh noise from {@code rng}. */
    public Tensor sample(Rng rng, int n) {
        return forward(noise(rng, n));
    }
}
